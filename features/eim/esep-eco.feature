Feature: ESep eCOs — eUICC Packages of eIM Configuration Operations (SGP.32 §5.9.4–5.9.7)
  The operator orders an eCO on the eIM under test; the eUICC Package travels through S_IPA to
  S_eUICC and the signed result back to the eIM, which reports the order's outcome.

  @id:EIM-ESEP-ADDEIM-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-ADDEIM-NOM-01 add a second eIM
    Given the eIM under test is associated with a fresh S_eUICC
    When the eIM is ordered to add eIM "eim2.example.com"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding eCO addEim for eIM "eim2.example.com"
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done

  @id:EIM-ESEP-DELEIM-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-DELEIM-NOM-01 delete the second eIM
    Given the eIM under test and a second eIM "eim2.example.com" are associated with a fresh S_eUICC
    When the eIM is ordered to delete eIM "eim2.example.com"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding eCO deleteEim for eIM "eim2.example.com"
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done with deleteEimResult "ok"

  @id:EIM-ESEP-UPDEIM-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-UPDEIM-NOM-01 update the second eIM
    Given the eIM under test and a second eIM "eim2.example.com" are associated with a fresh S_eUICC
    When the eIM is ordered to update eIM "eim2.example.com"
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding eCO updateEim for eIM "eim2.example.com"
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done with updateEimResult "ok"

  @id:EIM-ESEP-LISTEIM-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESEP-LISTEIM-NOM-01 list the eIMs
    Given the eIM under test and a second eIM "eim2.example.com" are associated with a fresh S_eUICC
    When the eIM is ordered to list the eIMs
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers with an eUICC Package holding eCO listEim
    When S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order done
