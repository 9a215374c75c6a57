Feature: eUICC Package — eIM Configuration Operations
  SGP.32 v1.2 §2.11.1.1.2 eCOs addEim, updateEim, listEim and deleteEim; deleting the last eIM leaves
  the card unmanaged and ES10b.AddInitialEim accepted again.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile
    And S_eIM is associated with the eUICC

  @id:EUICC-ESEP-ECO-NOM-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-ECO-NOM-01 addEim adds a second eIM with an association token
    When S_eIM sends an addEim eCO for the eIM "eim2.example.com"
    Then the eUICC answers a signed eUICC Package Result with an association token for the added eIM
    And the eIM configuration of the eUICC lists "eim.example.com, eim2.example.com"

  @id:EUICC-ESEP-ECO-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-ECO-ERR-01 addEim of an eIM already configured answers associatedEimAlreadyExists
    When S_eIM sends an addEim eCO for the eIM "eim.example.com"
    Then the eUICC answers a signed eUICC Package Result with addEimResult.addEimResultCode = associatedEimAlreadyExists(2)
    And the eIM configuration of the eUICC lists "eim.example.com"

  @id:EUICC-ESEP-ECO-NOM-02 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-ECO-NOM-02 updateEim with a higher counterValue answers ok and the counter moves
    When S_eIM sends an updateEim eCO of its own configuration with counterValue 500
    Then the eUICC answers a signed eUICC Package Result with updateEimResult = ok(0)
    And the eUICC reports S_eIM with the counterValue of its last package

  @id:EUICC-ESEP-ECO-NOM-03 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-ECO-NOM-03 listEim lists every configured eIM
    Given S_eIM has added the eIM "eim2.example.com" to the eUICC
    When S_eIM sends a listEim eCO
    Then the eUICC answers a signed eUICC Package Result listing the eIMs "eim.example.com, eim2.example.com"

  @id:EUICC-ESEP-ECO-NOM-04 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-ECO-NOM-04 deleteEim of another eIM answers ok and that eIM is gone
    Given S_eIM has added the eIM "eim2.example.com" to the eUICC
    When S_eIM sends a deleteEim eCO for the eIM "eim2.example.com"
    Then the eUICC answers a signed eUICC Package Result with deleteEimResult = ok(0)
    And the eIM configuration of the eUICC lists "eim.example.com"

  @id:EUICC-ESEP-ECO-NOM-05 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-ECO-NOM-05 deleting the last eIM answers lastEimDeleted and AddInitialEim is accepted again
    When S_eIM sends a deleteEim eCO for itself
    Then the eUICC answers a signed eUICC Package Result with deleteEimResult = lastEimDeleted(2)
    And the eIM configuration of the eUICC is empty
    When S_IPA sends AddInitialEim for the eIM "eim2.example.com"
    Then the eUICC answers AddInitialEim with an association token
