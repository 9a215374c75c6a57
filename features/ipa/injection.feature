# SGP.32 §3.1.1.2 eIM Package injection (ipaInjectHttps): S_eIM pushes an eIM Package with ESipa
# TransferEimPackage; the IPA runs it on the card and answers TransferEimPackageResponse.
Feature: IPAd eIM Package injection (ESipa.TransferEimPackage)

  @id:IPAD-ESIPA-INJECT-NOM-01 @iut:ipa @sgp32:v1.2 @optional:O_I_INJECTION @source:catalogue-2.2
  Scenario: IPAD-ESIPA-INJECT-NOM-01 an injected PSMO runs on S_eUICC and its result comes back in TransferEimPackageResponse
    Given S_eUICC holds 1 disabled profile that asks for notificationEnable notifications
    When S_eIM injects the PSMO "enable the first profile" to the IPA
    Then S_eUICC received the EuiccPackageRequest exactly as S_eIM sent it
    And the IPA answered the injected package with a TransferEimPackageResponse matching:
      """
      { "ePRAndNotifications": { "euiccPackageResult": { "euiccPackageResultSigned": "<ANY>" } } }
      """
