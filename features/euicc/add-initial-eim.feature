Feature: ES10b.AddInitialEim — the first eIM of a virgin eUICC
  SGP.32 v1.2 §3.5.2.1 / ES10b.AddInitialEim (BF57): accepted only while no eIM is associated, all or
  nothing, with the AddEimResult codes for a refused configuration.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile

  Scenario Outline: EUICC-ES10-ADDINIT-NOM-01 AddInitialEim on <curve> gives an association token and the eIM is configured
    When S_IPA sends AddInitialEim for S_eIM on <curve>
    Then the eUICC answers AddInitialEim with an association token
    And the eIM configuration of the eUICC lists "eim.example.com"

    @id:EUICC-ES10-ADDINIT-NOM-01 @iut:euicc @sgp32:v1.2
    Examples: NIST
      | curve |
      | NIST  |

    @id:EUICC-ES10-ADDINIT-NOM-01 @iut:euicc @sgp32:v1.2
    Examples: BRP
      | curve |
      | BRP   |

  @id:EUICC-ES10-ADDINIT-NOM-02 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-ADDINIT-NOM-02 AddInitialEim without an association token answers addOk
    When S_IPA sends AddInitialEim for S_eIM without an association token
    Then the eUICC answers AddInitialEim with addOk
    And the eIM configuration of the eUICC lists "eim.example.com"

  @id:EUICC-ES10-ADDINIT-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-ADDINIT-ERR-01 AddInitialEim while an eIM is associated answers associatedEimAlreadyExists
    Given S_eIM is associated with the eUICC
    And S_IPA has saved the observable state of the eUICC
    When S_IPA sends AddInitialEim for the eIM "eim2.example.com"
    Then the eUICC answers addInitialEimError = associatedEimAlreadyExists(2)
    And the observable state of the eUICC is unchanged

  @id:EUICC-ES10-ADDINIT-ERR-02 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-ADDINIT-ERR-02 AddInitialEim naming an unknown CI answers ciPKUnknown
    Given S_IPA has saved the observable state of the eUICC
    When S_IPA sends AddInitialEim with an unknown euiccCiPKId
    Then the eUICC answers addInitialEimError = ciPKUnknown(3)
    And the observable state of the eUICC is unchanged

  @id:EUICC-ES10-ADDINIT-ERR-03 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-ADDINIT-ERR-03 AddInitialEim with a counterValue beyond the range answers counterValueOutOfRange
    Given S_IPA has saved the observable state of the eUICC
    When S_IPA sends AddInitialEim with counterValue 2147483648
    Then the eUICC answers addInitialEimError = counterValueOutOfRange(6)
    And the observable state of the eUICC is unchanged
