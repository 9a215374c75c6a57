Feature: ES10c.eUICCMemoryReset with the SGP.32 reset options
  SGP.32 v1.2 EuiccMemoryResetRequest (BF64): resetEimConfigData empties the eIM configuration,
  deleteOperationalProfiles removes the operational profiles.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile

  @id:EUICC-ES10-MEMRESET-NOM-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-MEMRESET-NOM-01 resetEimConfigData answers resetEimResult ok and no eIM is left
    Given S_eIM is associated with the eUICC
    When S_IPA sends eUICCMemoryReset with resetEimConfigData
    Then the eUICC answers resetEimResult = ok(0)
    And the eIM configuration of the eUICC is empty

  @id:EUICC-ES10-MEMRESET-NOM-02 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-MEMRESET-NOM-02 deleteOperationalProfiles answers ok and the profiles are gone
    Given the eUICC holds profiles "A, B" downloaded from S_SM-DP+
    When S_IPA sends eUICCMemoryReset with deleteOperationalProfiles
    Then the eUICC answers resetResult = ok(0)
    And profile A is not on the eUICC
    And profile B is not on the eUICC

  @id:EUICC-ES10-MEMRESET-NOM-03 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-MEMRESET-NOM-03 resetEimConfigData with no eIM answers resetEimResult nothingToDelete
    When S_IPA sends eUICCMemoryReset with resetEimConfigData
    Then the eUICC answers resetEimResult = nothingToDelete(1)
