Feature: eUICC Package — disable and delete PSMOs
  SGP.32 v1.2 disable and delete PSMOs with the DisableProfileResult and DeleteProfileResult codes.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile
    And the eUICC holds profiles "A, B" downloaded from S_SM-DP+
    And S_eIM is associated with the eUICC
    And S_eIM has enabled profile A on the eUICC

  @id:EUICC-ESEP-DISABLE-NOM-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-DISABLE-NOM-01 disabling the enabled profile answers disableResult ok
    When S_eIM sends a package to disable profile A
    Then the eUICC answers a signed eUICC Package Result with disableResult = ok(0)
    And profile A is disabled on the eUICC

  @id:EUICC-ESEP-DISABLE-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-DISABLE-ERR-01 disabling a disabled profile answers profileNotInEnabledState
    When S_eIM sends a package to disable profile B
    Then the eUICC answers a signed eUICC Package Result with disableResult = profileNotInEnabledState(2)
    And profile A is enabled on the eUICC
    And profile B is disabled on the eUICC

  @id:EUICC-ESEP-DELETE-NOM-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-DELETE-NOM-01 deleting a disabled profile answers deleteResult ok and the profile is gone
    When S_eIM sends a package to delete profile B
    Then the eUICC answers a signed eUICC Package Result with deleteResult = ok(0)
    And profile B is not on the eUICC

  @id:EUICC-ESEP-DELETE-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-DELETE-ERR-01 deleting the enabled profile answers profileNotInDisabledState
    When S_eIM sends a package to delete profile A
    Then the eUICC answers a signed eUICC Package Result with deleteResult = profileNotInDisabledState(2)
    And profile A is enabled on the eUICC
