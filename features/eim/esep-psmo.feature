Feature: ESep PSMOs — eUICC Packages of Profile State Management Operations (SGP.32 §5.9, §3.3.1)
  The operator orders a PSMO on the eIM under test; S_IPA fetches the signed eUICC Package, S_eUICC
  executes it, S_IPA returns the signed result, and the eIM reports the order's outcome.

  Background:
    Given the eIM under test is associated with a fresh S_eUICC

  @id:EIM-ESEP-ENABLE-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-ENABLE-NOM-01 enable a disabled profile
    Given S_eUICC holds a disabled profile "89049911000000000017"
    When the eIM is ordered to enable profile "89049911000000000017"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding PSMO enable for profile "89049911000000000017"
    When S_IPA loads the eUICC Package on S_eUICC
    Then S_eUICC accepts the eUICC Package with enableResult "ok"
    When S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done with enableResult "ok"
    And profile "89049911000000000017" is enabled on S_eUICC

  @id:EIM-ESEP-DISABLE-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-DISABLE-NOM-01 disable the enabled profile
    Given S_eUICC holds an enabled profile "89049911000000000017"
    When the eIM is ordered to disable profile "89049911000000000017"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding PSMO disable for profile "89049911000000000017"
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done with disableResult "ok"

  @id:EIM-ESEP-DELETE-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-DELETE-NOM-01 delete a disabled profile
    Given S_eUICC holds a disabled profile "89049911000000000017"
    When the eIM is ordered to delete profile "89049911000000000017"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding PSMO delete for profile "89049911000000000017"
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done with deleteResult "ok"

  @id:EIM-ESEP-MULTI-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-MULTI-NOM-01 one package with disable and delete
    Given S_eUICC holds an enabled profile "89049911000000000017"
    When the eIM is ordered to disable and delete profile "89049911000000000017"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding PSMOs disable and delete for profile "89049911000000000017"
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done with deleteResult "ok"

  @id:EIM-ESEP-LISTPI-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-LISTPI-NOM-01 list the profile information
    Given S_eUICC holds an enabled profile "89049911000000000017"
    When the eIM is ordered to list the profile information
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding PSMO listProfileInfo
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done

  @id:EIM-ESEP-GETRAT-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-GETRAT-NOM-01 get the rules authorisation table
    When the eIM is ordered to get the rules authorisation table
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding PSMO getRAT
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done

  @id:EIM-ESEP-CFGIE-NOM-01 @iut:eim @sgp32:v1.2 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-CFGIE-NOM-01 configure immediate profile enabling
    When the eIM is ordered to configure immediate profile enabling
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding PSMO configureImmediateEnable
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done with configureImmediateEnableResult "ok"

  @id:EIM-ESEP-SETFB-NOM-01 @iut:eim @sgp32:v1.2 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-SETFB-NOM-01 set the fallback attribute
    Given S_eUICC holds a disabled profile "89049911000000000017" that may be the fallback profile
    When the eIM is ordered to setFallbackAttribute profile "89049911000000000017"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding PSMO setFallbackAttribute for profile "89049911000000000017"
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done with setFallbackAttributeResult "ok"

  @id:EIM-ESEP-UNSETFB-NOM-01 @iut:eim @sgp32:v1.2 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-UNSETFB-NOM-01 unset the fallback attribute
    When the eIM is ordered to unset the fallback attribute
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding PSMO unsetFallbackAttribute
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done

  @id:EIM-ESEP-SETDP-NOM-01 @iut:eim @sgp32:v1.2 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-SETDP-NOM-01 set the default SM-DP+ address
    When the eIM is ordered to set the default SM-DP+ address "smdp.example.com"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding PSMO setDefaultDpAddress
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done with setDefaultDpAddressResult "ok"
