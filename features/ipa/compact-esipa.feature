# SGP.32 §6.1 minimizeEsipaBytes: an IPA that advertises it sends the compact forms of the card's
# answers on ESipa (CompactAuthenticateResponseOk, CompactPrepareDownloadResponseOk, compact PIR).
Feature: IPAd compact ESipa forms (minimizeEsipaBytes)

  @id:IPAD-ESIPA-COMPACT-NOM-01 @iut:ipa @sgp32:v1.2 @optional:O_I_COMPACT @source:catalogue-2.2
  Scenario: IPAD-ESIPA-COMPACT-NOM-01 an indirect download with compact AuthenticateServerResponse, PrepareDownloadResponse and PIR
    Given the IPA advertises minimizeEsipaBytes
    And S_eIM has a profile download queued for S_eUICC
    When the IPA runs a poll cycle
    Then S_eIM received these ESipa requests in this order:
      | GetEimPackageRequest               |
      | InitiateAuthenticationRequestEsipa |
      | AuthenticateClientRequestEsipa     |
      | GetBoundProfilePackageRequestEsipa |
      | HandleNotificationEsipa            |
    And the first AuthenticateClientRequestEsipa S_eIM received matches:
      """
      { "authenticateServerResponse": { "compactAuthenticateResponseOk": "<ANY>" } }
      """
    And the first GetBoundProfilePackageRequestEsipa S_eIM received matches:
      """
      { "prepareDownloadResponse": { "compactDownloadResponseOk": "<ANY>" } }
      """
    And the first HandleNotificationEsipa S_eIM received matches:
      """
      { "pendingNotification": { "compactProfileInstallationResult": "<ANY>" } }
      """
