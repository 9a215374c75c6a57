Feature: Fallback mechanism
  SGP.32 v1.2 setFallbackAttribute PSMO, ES10b.ExecuteFallbackMechanism (BF5D) and
  ES10b.ReturnFromFallback (BF5E) on profiles whose metadata does not allow fallback.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile
    And the eUICC holds profile "A" downloaded from S_SM-DP+
    And S_eIM is associated with the eUICC
    And S_eIM has enabled profile A on the eUICC

  @id:EUICC-ESEP-FALLBACK-ERR-01 @iut:euicc @sgp32:v1.2 @optional:O_EUICC_FALLBACK
  Scenario: EUICC-ESEP-FALLBACK-ERR-01 the fallback attribute on a profile that does not allow it answers fallbackNotAllowed
    When S_eIM sends a package to set the fallback attribute on profile A
    Then the eUICC answers a signed eUICC Package Result with setFallbackAttributeResult = fallbackNotAllowed(2)

  @id:EUICC-ESEP-FALLBACK-ERR-02 @iut:euicc @sgp32:v1.2 @optional:O_EUICC_FALLBACK
  Scenario: EUICC-ESEP-FALLBACK-ERR-02 the fallback attribute on an unknown ICCID answers iccidOrAidNotFound
    When S_eIM sends a package to set the fallback attribute on profile C
    Then the eUICC answers a signed eUICC Package Result with setFallbackAttributeResult = iccidOrAidNotFound(1)

  @id:EUICC-ES10-FALLBACK-ERR-01 @iut:euicc @sgp32:v1.2 @optional:O_EUICC_FALLBACK
  Scenario: EUICC-ES10-FALLBACK-ERR-01 ExecuteFallbackMechanism without a Fallback Profile answers fallbackNotAvailable
    Given S_IPA has saved the observable state of the eUICC
    When S_IPA sends ExecuteFallbackMechanism
    Then the eUICC answers executeFallbackMechanismResult = fallbackNotAvailable(6)
    And the observable state of the eUICC is unchanged

  @id:EUICC-ES10-FALLBACK-ERR-02 @iut:euicc @sgp32:v1.2 @optional:O_EUICC_FALLBACK
  Scenario: EUICC-ES10-FALLBACK-ERR-02 ReturnFromFallback without a Fallback Profile answers fallbackNotAvailable
    Given S_IPA has saved the observable state of the eUICC
    When S_IPA sends ReturnFromFallback
    Then the eUICC answers returnFromFallbackResult = fallbackNotAvailable(6)
    And the observable state of the eUICC is unchanged
