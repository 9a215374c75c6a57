# SGP.32 §3.2.3.1 Direct Profile Download: an IPA with directRspServerCommunication, told by an eIM
# that does not ask for indirect download, talks ES9+ to S_SM-DP+ itself and reports the outcome to
# the eIM with profileDownloadTriggerResult.
Feature: IPAd direct Profile Download (ES9+, ProfileDownloadTriggerResult)

  @id:IPAD-ESIPA-DIRDL-NOM-01 @iut:ipa @sgp32:v1.2 @optional:O_I_DIRECT_DOWNLOAD @source:catalogue-2.2
  Scenario: IPAD-ESIPA-DIRDL-NOM-01 the IPA downloads over ES9+ and reports profileDownloadTriggerResult with the PIR
    Given the eIM configuration on S_eUICC leaves the download route to the IPA
    And the IPA advertises directRspServerCommunication
    And S_eIM has a profile download queued for S_eUICC
    When the IPA runs a poll cycle
    Then S_SM-DP+ received these ES9+ functions from the IPA in this order:
      | initiateAuthentication |
      | authenticateClient     |
      | getBoundProfilePackage |
      | handleNotification     |
    And S_eUICC received these commands in this order:
      | GetEuiccChallengeRequest  |
      | AuthenticateServerRequest |
      | PrepareDownloadRequest    |
      | sequenceOf86              |
    And S_eIM received these ESipa requests in this order:
      | GetEimPackageRequest    |
      | ProvideEimPackageResult |
    And S_eIM received the ProfileInstallationResult of S_eUICC unchanged in ProvideEimPackageResult
    And the first ProvideEimPackageResult S_eIM received matches:
      """
      { "eidValue": "<EID>", "eimPackageResult": { "profileDownloadTriggerResult": { "profileDownloadTriggerResultData": { "profileInstallationResult": "<ANY>" } } } }
      """
