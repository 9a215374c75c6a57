Feature: Indirect profile download — ESipa download functions relayed over ES9+' (SGP.32 §3.2.3.2)
  The eIM under test triggers a download; S_IPA runs it with S_eUICC through the eIM, which talks
  ES9+ to S_SM-DP+ in the LPA's place, relays the answers, and forwards the notifications.

  Background:
    Given the eIM under test is associated with a fresh S_eUICC

  @id:EIM-E2E-INDDL-NOM-01 @iut:eim @sgp32:v1.2 @source:osmo-ttcn3-hacks
  Scenario: EIM-E2E-INDDL-NOM-01 a whole indirect download, PIR forwarded to S_SM-DP+
    When the eIM is ordered to download a profile from S_SM-DP+
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with a profile download trigger carrying the activation code of the order
    When S_IPA initiates authentication with the parameters of the trigger
    Then the eIM relays the InitiateAuthentication answer of S_SM-DP+
    When S_IPA authenticates S_eUICC through the eIM
    Then the eIM relays the AuthenticateClient answer of S_SM-DP+
    When S_IPA requests the Bound Profile Package through the eIM
    Then the eIM relays the Bound Profile Package of S_SM-DP+
    When S_IPA installs the Bound Profile Package on S_eUICC
    And S_IPA sends the Profile Installation Result to the eIM
    Then S_SM-DP+ received the Profile Installation Result through the eIM
    And S_SM-DP+ marked its order installed
    And the eIM reports the order done

  @id:EIM-E2E-INDDL-NOM-02 @iut:eim @sgp32:v1.2 @source:osmo-ttcn3-hacks
  Scenario: EIM-E2E-INDDL-NOM-02 S_IPA cancels the session after AuthenticateClient
    When the eIM is ordered to download a profile from S_SM-DP+
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA initiates authentication with the parameters of the trigger
    And S_IPA authenticates S_eUICC through the eIM
    And S_IPA cancels the RSP session with reason postponed
    Then the eIM answers CancelSession with cancelSessionOk
    And S_SM-DP+ saw the RSP session cancelled and its order released again
    And the eIM reports the order failed

  @id:EIM-ES9P-INITAUTH-NOM-01 @iut:eim @sgp32:v1.2
  Scenario: EIM-ES9P-INITAUTH-NOM-01 InitiateAuthentication relayed with the eUICC's challenge
    When the eIM is ordered to download a profile from S_SM-DP+
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA initiates authentication with the parameters of the trigger
    Then the eIM relays the InitiateAuthentication answer of S_SM-DP+

  @id:EIM-ESIPA-INDDL-ERR-01 @iut:eim @sgp32:v1.2
  Scenario: EIM-ESIPA-INDDL-ERR-01 InitiateAuthentication with an eimTransactionId the eIM never sent
    When the eIM is ordered to download a profile from S_SM-DP+
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA initiates authentication with a wrong eimTransactionId
    Then the eIM answers InitiateAuthentication with error invalidEimTransactionId

  @id:EIM-ESIPA-INDDL-ERR-02 @iut:eim @sgp32:v1.2
  Scenario: EIM-ESIPA-INDDL-ERR-02 InitiateAuthentication towards another SM-DP+ than the trigger's
    When the eIM is ordered to download a profile from S_SM-DP+
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA initiates authentication with SM-DP+ address "other-smdp.example.com"
    Then the eIM answers InitiateAuthentication with error smdpAddressMismatch

  @id:EIM-ESIPA-INDDL-ERR-03 @iut:eim @sgp32:v1.2 @optional:O_EIM_METADATA_CHECK
  Scenario: EIM-ESIPA-INDDL-ERR-03 profile metadata not matching the order
    When the eIM is ordered to download a profile from S_SM-DP+ expecting profile name "Some Other Profile"
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA initiates authentication with the parameters of the trigger
    And S_IPA authenticates S_eUICC through the eIM
    And S_IPA requests the Bound Profile Package through the eIM
    Then the eIM answers GetBoundProfilePackage with error metadataMismatch
    And the eIM reports the order failed

  @id:EIM-ES9P-TIMEOUT-ERR-01 @iut:eim @sgp32:v1.2 @optional:O_EIM_ES9_TIMEOUT
  Scenario: EIM-ES9P-TIMEOUT-ERR-01 the SM-DP+ never answers InitiateAuthentication
    When the eIM is ordered to download a profile from an SM-DP+ that never answers
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA initiates authentication and waits for the eIM
    Then the eIM answered S_IPA with an error within the exchange timeout
    And the eIM reports the order failed

  @id:EIM-ES9P-INITAUTH-ERR-06 @iut:eim @sgp32:v1.2
  Scenario: EIM-ES9P-INITAUTH-ERR-06 S_SM-DP+ sends an invalid serverSignature1
    Given S_SM-DP+ will corrupt its next serverSignature1
    When the eIM is ordered to download a profile from S_SM-DP+
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA initiates authentication with the parameters of the trigger
    And S_IPA authenticates S_eUICC through the eIM
    Then the eIM answers AuthenticateClient with an error
    And the eIM reports the order failed

  @id:EIM-ES9P-AUTHCL-ERR-07 @iut:eim @sgp32:v1.2
  Scenario: EIM-ES9P-AUTHCL-ERR-07 S_SM-DP+ refuses the matchingId
    When the eIM is ordered to download a profile from S_SM-DP+ with matchingId "UNKNOWN-MATCHING-ID"
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA initiates authentication with the parameters of the trigger
    And S_IPA authenticates S_eUICC through the eIM
    Then the eIM answers AuthenticateClient with an error
    And the eIM reports the order failed

  @id:EIM-ES9P-AUTHCL-ERR-12 @iut:eim @sgp32:v1.2
  Scenario: EIM-ES9P-AUTHCL-ERR-12 S_SM-DP+ finds the download order expired
    Given S_SM-DP+ will find its next download order expired
    When the eIM is ordered to download a profile from S_SM-DP+
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA initiates authentication with the parameters of the trigger
    And S_IPA authenticates S_eUICC through the eIM
    Then the eIM answers AuthenticateClient with an error
    And the eIM reports the order failed

  @id:EIM-ES9P-GBPP-ERR-01 @iut:eim @sgp32:v1.2
  Scenario: EIM-ES9P-GBPP-ERR-01 S_SM-DP+ sends an invalid smdpSignature2, the eUICC refuses to prepare the download
    Given S_SM-DP+ will corrupt its next smdpSignature2
    When the eIM is ordered to download a profile from S_SM-DP+
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA initiates authentication with the parameters of the trigger
    And S_IPA authenticates S_eUICC through the eIM
    And S_IPA requests the Bound Profile Package through the eIM
    Then the eIM answers GetBoundProfilePackage with an error
    And the eIM reports the order failed

  @id:EIM-ES9P-NOTIF-NOM-02 @iut:eim @sgp32:v1.2
  Scenario: EIM-ES9P-NOTIF-NOM-02 PIR, then the enable notification forwarded to the SM-DP+
    When the eIM is ordered to download a profile from S_SM-DP+
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA runs the indirect profile download
    Then the eIM reports the order done
    When the eIM is ordered to enable the downloaded profile
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result with the pending notifications
    Then the eIM acknowledges every sequence number S_IPA provided
    And S_SM-DP+ received a signed notificationEnable notification through the eIM
