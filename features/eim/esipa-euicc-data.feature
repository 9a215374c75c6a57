Feature: eUICC Data Request — ipaEuiccDataRequest through ESipa (SGP.32 §2.11.1.2)
  The operator asks the eIM under test for eUICC data; S_IPA collects it from S_eUICC and returns
  ipaEuiccDataResponse, or an error, in ProvideEimPackageResult.

  Background:
    Given the eIM under test is associated with a fresh S_eUICC

  @id:EIM-ESIPA-EDR-NOM-01 @iut:eim @sgp32:v1.2 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESIPA-EDR-NOM-01 data request answered with the eUICC's data
    When the eIM is ordered to request eUICC data with tag list "80BF20BF228384A5A688A9BF2B"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC data request for tag list "80BF20BF228384A5A688A9BF2B"
    When S_IPA provides the eUICC data
    Then the eIM acknowledges the result
    And the eIM reports the order done

  @id:EIM-ESIPA-EDR-ERR-01 @iut:eim @sgp32:v1.2 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESIPA-EDR-ERR-01 data request answered with ipaEuiccDataResponseError undefinedError
    When the eIM is ordered to request eUICC data with tag list "80BF20BF228384A5A688A9BF2B"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC data request for tag list "80BF20BF228384A5A688A9BF2B"
    When S_IPA reports the eUICC data error undefinedError
    Then the eIM acknowledges the result
    And the eIM reports the order failed with reason "undefinedError"
