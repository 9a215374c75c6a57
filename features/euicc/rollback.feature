Feature: ES10b.ProfileRollback
  SGP.32 v1.2: after an enable PSMO with rollbackFlag the IPA may return to the profile enabled before;
  the eUICC answers cmdResult and a new signed EuiccPackageResult for the eIM.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile
    And the eUICC holds profiles "A, B" downloaded from S_SM-DP+
    And S_eIM is associated with the eUICC
    And S_eIM has enabled profile A on the eUICC

  @id:EUICC-ES10-ROLLBACK-NOM-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-ROLLBACK-NOM-01 ProfileRollback after an enable with rollbackFlag returns to the previous profile
    Given S_eIM has enabled profile B with rollbackFlag on the eUICC
    When S_IPA sends ProfileRollback
    Then the eUICC answers ProfileRollback ok with a signed rollbackResult = ok(0) for S_eIM's package
    And profile A is enabled on the eUICC
    And profile B is disabled on the eUICC

  @id:EUICC-ES10-ROLLBACK-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-ROLLBACK-ERR-01 ProfileRollback after an enable without rollbackFlag answers rollbackNotAllowed
    Given S_eIM has enabled profile B on the eUICC
    And S_IPA has saved the observable state of the eUICC
    When S_IPA sends ProfileRollback
    Then the eUICC answers cmdResult = rollbackNotAllowed(1)
    And the observable state of the eUICC is unchanged
