Feature: Emergency Profile
  SGP.32 v1.2 ES10b.EnableEmergencyProfile (BF5B) and ES10b.DisableEmergencyProfile (BF5C) on a card
  holding no profile marked with ecallIndication.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile
    And the eUICC holds profile "A" downloaded from S_SM-DP+

  @id:EUICC-ES10-EMERG-ERR-01 @iut:euicc @sgp32:v1.2 @optional:O_EUICC_ECALL
  Scenario: EUICC-ES10-EMERG-ERR-01 EnableEmergencyProfile without an Emergency Profile answers ecallNotAvailable
    Given S_IPA has saved the observable state of the eUICC
    When S_IPA sends EnableEmergencyProfile
    Then the eUICC answers enableEmergencyProfileResult = ecallNotAvailable(8)
    And the observable state of the eUICC is unchanged

  @id:EUICC-ES10-EMERG-ERR-02 @iut:euicc @sgp32:v1.2 @optional:O_EUICC_ECALL
  Scenario: EUICC-ES10-EMERG-ERR-02 DisableEmergencyProfile with no Emergency Profile enabled answers profileNotInEnabledState
    Given S_IPA has saved the observable state of the eUICC
    When S_IPA sends DisableEmergencyProfile
    Then the eUICC answers disableEmergencyProfileResult = profileNotInEnabledState(2)
    And the observable state of the eUICC is unchanged
