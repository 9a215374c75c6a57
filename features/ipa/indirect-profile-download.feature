# SGP.32 §3.2.3.2 Indirect Profile Download, IPAd side: the eIM relays ES9+ for the IPA over ESipa
# (osmo-ttcn3-hacks TC_proc_indirect_prfle_dwnld), and what the IPA does when the download fails.
Feature: IPAd indirect Profile Download (ESipa InitiateAuthentication … HandleNotification)

  @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:TTCN-TC_proc_indirect_prfle_dwnld
  Scenario Outline: <id> indirect download through S_eIM with S_SM-DP+ on <curve>
    Given S_SM-DP+ holds <curve> credentials
    And S_eIM has a profile download queued for S_eUICC
    When the IPA runs a poll cycle
    Then S_eUICC received these commands in this order:
      | RetrieveNotificationsListRequest               |
      | GetEimConfigurationDataRequest                 |
      | GetEuiccInfo1Request                           |
      | GetEuiccChallengeRequest                       |
      | AuthenticateServerRequest                      |
      | PrepareDownloadRequest                         |
      | BoundProfilePackage (InitialiseSecureChannel)  |
      | firstSequenceOf87                              |
      | sequenceOf88                                   |
      | sequenceOf86                                   |
      | NotificationSentRequest                        |
      | MANAGE CHANNEL close                           |
    And S_eIM received these ESipa requests in this order:
      | GetEimPackageRequest               |
      | InitiateAuthenticationRequestEsipa |
      | AuthenticateClientRequestEsipa     |
      | GetBoundProfilePackageRequestEsipa |
      | HandleNotificationEsipa            |
    And S_eIM received in InitiateAuthenticationRequestEsipa at "euiccChallenge" what S_eUICC answered to GetEuiccChallengeRequest at "euiccChallenge"
    And S_eUICC received in AuthenticateServerRequest at "serverSigned1" what S_eIM answered to InitiateAuthenticationRequestEsipa at "initiateAuthenticationOkEsipa.serverSigned1"
    And S_eIM received the answer of S_eUICC to AuthenticateServerRequest unchanged in AuthenticateClientRequestEsipa
    And S_eIM received the answer of S_eUICC to PrepareDownloadRequest unchanged in GetBoundProfilePackageRequestEsipa
    And S_eIM received the ProfileInstallationResult of S_eUICC unchanged in HandleNotificationEsipa
    And the first HandleNotificationEsipa S_eIM received matches:
      """
      { "pendingNotification": { "profileInstallationResult": { "profileInstallationResultData": { "finalResult": { "successResult": "<ANY>" } } } } }
      """
    And S_eUICC received a NotificationSentRequest for the ProfileInstallationResult

    @id:IPAD-E2E-INDDL-NOM-01
    Examples: NIST
      | id                    | curve |
      | IPAD-E2E-INDDL-NOM-01 | NIST  |

    @id:IPAD-E2E-INDDL-NOM-02
    Examples: BRP
      | id                    | curve |
      | IPAD-E2E-INDDL-NOM-02 | BRP   |

  @id:IPAD-ESIPA-INDDL-ERR-01 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:catalogue-2.2
  Scenario: IPAD-ESIPA-INDDL-ERR-01 authenticateClientErrorEsipa: the IPA cancels the session on the card and at S_eIM
    Given S_eIM has a profile download queued for S_eUICC
    And S_SM-DP+ finds the download order expired
    When the IPA runs a poll cycle
    Then S_eUICC received these commands in this order:
      | AuthenticateServerRequest |
      | CancelSessionRequest      |
      | MANAGE CHANNEL close      |
    And S_eUICC received no PrepareDownloadRequest
    And S_eIM received these ESipa requests in this order:
      | AuthenticateClientRequestEsipa     |
      | CancelSessionRequestEsipa   |
    And S_eIM received the answer of S_eUICC to CancelSessionRequest unchanged in CancelSessionRequestEsipa

  @id:IPAD-ESIPA-INDDL-ERR-03 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:catalogue-2.2
  Scenario: IPAD-ESIPA-INDDL-ERR-03 getBoundProfilePackageErrorEsipa: the IPA cancels the session, loads nothing
    Given S_eIM has a profile download queued for S_eUICC
    And S_eIM answers the next GetBoundProfilePackageRequestEsipa with the ESipa message '{"getBoundProfilePackageResponseEsipa": {"getBoundProfilePackageErrorEsipa": 127}}'
    When the IPA runs a poll cycle
    Then S_eUICC received these commands in this order:
      | PrepareDownloadRequest |
      | CancelSessionRequest   |
      | MANAGE CHANNEL close   |
    And S_eUICC received no firstSequenceOf87
    And S_eIM received these ESipa requests in this order:
      | GetBoundProfilePackageRequestEsipa |
      | CancelSessionRequestEsipa          |

  @id:IPAD-ESIPA-INDDL-ERR-02 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:catalogue-2.2
  Scenario: IPAD-ESIPA-INDDL-ERR-02 a Bound Profile Package S_eUICC rejects: the failed PIR still reaches S_eIM
    Given S_eIM has a profile download queued for S_eUICC
    And S_eIM answers the next GetBoundProfilePackageRequestEsipa with "a tampered Bound Profile Package"
    When the IPA runs a poll cycle
    Then S_eIM received the ProfileInstallationResult of S_eUICC unchanged in HandleNotificationEsipa
    And the first HandleNotificationEsipa S_eIM received matches:
      """
      { "pendingNotification": { "profileInstallationResult": { "profileInstallationResultData": { "finalResult": { "errorResult": "<ANY>" } } } } }
      """
    And S_eUICC received a NotificationSentRequest for the ProfileInstallationResult
