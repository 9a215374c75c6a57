Feature: eUICC Package — enable PSMO
  SGP.32 v1.2 §2.11.1 / ES10b.LoadEuiccPackage (BF51) with an enable PSMO, signed by S_eIM with
  SK.EIM.ECDSA; the result is signed by the eUICC over the result data and the association token.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile

  Scenario Outline: EUICC-ESEP-ENABLE-NOM-01 enabling a disabled profile on <curve> answers a signed enableResult ok
    Given the eUICC holds profiles "A, B" downloaded from S_SM-DP+ on <curve>
    And S_eIM is associated with the eUICC on <curve>
    And S_eIM has enabled profile A on the eUICC
    When S_eIM sends a package to enable profile B
    Then the eUICC answers a signed eUICC Package Result with enableResult = ok(0)
    And profile B is enabled on the eUICC
    And profile A is disabled on the eUICC
    And the eUICC reports S_eIM with the counterValue of its last package

    @id:EUICC-ESEP-ENABLE-NOM-01 @iut:euicc @sgp32:v1.2
    Examples: NIST
      | curve |
      | NIST  |

    @id:EUICC-ESEP-ENABLE-NOM-01 @iut:euicc @sgp32:v1.2
    Examples: BRP
      | curve |
      | BRP   |

  @id:EUICC-ESEP-ENABLE-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-ENABLE-ERR-01 enabling an unknown ICCID answers iccidOrAidNotFound
    Given the eUICC holds profile "A" downloaded from S_SM-DP+
    And S_eIM is associated with the eUICC
    When S_eIM sends a package to enable profile C
    Then the eUICC answers a signed eUICC Package Result with enableResult = iccidOrAidNotFound(1)
    And profile A is disabled on the eUICC

  @id:EUICC-ESEP-ENABLE-ERR-02 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-ENABLE-ERR-02 enabling the enabled profile answers profileNotInDisabledState
    Given the eUICC holds profile "A" downloaded from S_SM-DP+
    And S_eIM is associated with the eUICC
    And S_eIM has enabled profile A on the eUICC
    When S_eIM sends a package to enable profile A
    Then the eUICC answers a signed eUICC Package Result with enableResult = profileNotInDisabledState(2)
    And profile A is enabled on the eUICC
