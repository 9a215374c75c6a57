Feature: ES10b.GetCerts — the eUICC's certificates for a CI
  SGP.32 v1.2 ES10b.GetCerts (BF56): the EUM and eUICC certificates under the CI the IPA names, the
  probe by which a card is recognised as an SGP.32 eUICC.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile

  Scenario Outline: EUICC-ES10-GETCERTS-NOM-01 GetCerts for the <curve> CI answers certificates chaining to that CI
    When S_IPA sends GetCerts for the <curve> CI
    Then the eUICC answers certificates chaining to the <curve> CI

    @id:EUICC-ES10-GETCERTS-NOM-01 @iut:euicc @sgp32:v1.2
    Examples: NIST
      | curve |
      | NIST  |

    @id:EUICC-ES10-GETCERTS-NOM-01 @iut:euicc @sgp32:v1.2
    Examples: BRP
      | curve |
      | BRP   |

  @id:EUICC-ES10-GETCERTS-NOM-02 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-GETCERTS-NOM-02 GetCerts without euiccCiPKId answers the default CI's certificates
    When S_IPA sends GetCerts without euiccCiPKId
    Then the eUICC answers certificates chaining to the NIST CI

  @id:EUICC-ES10-GETCERTS-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-GETCERTS-ERR-01 GetCerts with an unknown CI answers invalidCiPKId
    When S_IPA sends GetCerts with an unknown euiccCiPKId
    Then the eUICC answers getCertsError = invalidCiPKId(1)
