Feature: Profile enable end to end — TC_eIM_ProfileEnable_TLS_eIM_Pkg_Retrieval (SGP.33-3 §5.2.1)
  The operator enables a profile; the result comes back either in ProvideEimPackageResult or in
  HandleNotification, with or without an implicit disable of the profile enabled before.

  Background:
    Given the eIM under test is associated with a fresh S_eUICC

  @id:EIM-E2E-ENABLE-NOM-01 @iut:eim @sgp32:v1.2
  Scenario: EIM-E2E-ENABLE-NOM-01 enable with no profile enabled, result in ProvideEimPackageResult
    Given S_eUICC holds a disabled profile "89049911000000000017"
    When the eIM is ordered to enable profile "89049911000000000017"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding PSMO enable for profile "89049911000000000017"
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done with enableResult "ok"

  @id:EIM-E2E-ENABLE-NOM-02 @iut:eim @sgp32:v1.2
  Scenario: EIM-E2E-ENABLE-NOM-02 enable with no profile enabled, result in HandleNotification
    Given S_eUICC holds a disabled profile "89049911000000000017"
    When the eIM is ordered to enable profile "89049911000000000017"
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA loads the eUICC Package on S_eUICC
    And S_IPA sends the eUICC Package Result in HandleNotification
    Then the eIM reports the order done with enableResult "ok"

  @id:EIM-E2E-ENABLE-NOM-03 @iut:eim @sgp32:v1.2
  Scenario: EIM-E2E-ENABLE-NOM-03 enable implicitly disabling the enabled profile, result in ProvideEimPackageResult
    Given S_eUICC holds an enabled profile "89049911000000000017"
    And S_eUICC holds a disabled profile "89049911000000000025"
    When the eIM is ordered to enable profile "89049911000000000025"
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done with enableResult "ok"
    And profile "89049911000000000017" is disabled on S_eUICC

  @id:EIM-E2E-ENABLE-NOM-04 @iut:eim @sgp32:v1.2
  Scenario: EIM-E2E-ENABLE-NOM-04 enable implicitly disabling the enabled profile, result in HandleNotification
    Given S_eUICC holds an enabled profile "89049911000000000017"
    And S_eUICC holds a disabled profile "89049911000000000025"
    When the eIM is ordered to enable profile "89049911000000000025"
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA loads the eUICC Package on S_eUICC
    And S_IPA sends the eUICC Package Result in HandleNotification
    Then the eIM reports the order done with enableResult "ok"
    And profile "89049911000000000025" is enabled on S_eUICC

  @id:EIM-E2E-ENABLE-ERR-01 @iut:eim @sgp32:v1.2
  Scenario: EIM-E2E-ENABLE-ERR-01 the result is provided with a wrong EID
    Given S_eUICC holds a disabled profile "89049911000000000017"
    When the eIM is ordered to enable profile "89049911000000000017"
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result for another EID
    Then the eIM answers provideEimPackageResultError eidNotFound
