Feature: Immediate profile enabling
  SGP.32 v1.2 ES10b.ConfigureImmediateProfileEnabling (BF59) and ES10b.ImmediateEnable (BF5A): the
  profile just downloaded is enabled at once, only when configured and only within the session.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile

  @id:EUICC-ES10-IMMEN-NOM-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-IMMEN-NOM-01 configure, download, ImmediateEnable enables the new profile
    When S_IPA sends ConfigureImmediateProfileEnabling
    Then the eUICC answers configImmediateEnableResult = ok(0)
    When S_IPA downloads profile A from S_SM-DP+
    And S_IPA sends ImmediateEnable
    Then the eUICC answers immediateEnableResult = ok(0)
    And profile A is enabled on the eUICC

  @id:EUICC-ES10-IMMEN-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-IMMEN-ERR-01 ImmediateEnable without the configuration answers immediateEnableNotAvailable
    Given the eUICC holds profile "A" downloaded from S_SM-DP+
    And S_IPA has saved the observable state of the eUICC
    When S_IPA sends ImmediateEnable
    Then the eUICC answers immediateEnableResult = immediateEnableNotAvailable(1)
    And the observable state of the eUICC is unchanged

  @id:EUICC-ES10-IMMEN-ERR-02 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-IMMEN-ERR-02 ImmediateEnable with no profile downloaded in the session answers noSessionContext
    Given the eUICC is configured for immediate profile enabling
    When S_IPA sends ImmediateEnable
    Then the eUICC answers immediateEnableResult = noSessionContext(4)

  @id:EUICC-ES10-IMMEN-ERR-03 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-IMMEN-ERR-03 ConfigureImmediateProfileEnabling once an eIM is associated answers associatedEimAlreadyExists
    Given S_eIM is associated with the eUICC
    When S_IPA sends ConfigureImmediateProfileEnabling
    Then the eUICC answers configImmediateEnableResult = associatedEimAlreadyExists(2)
