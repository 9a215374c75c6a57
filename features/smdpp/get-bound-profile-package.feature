Feature: SM-DP+ ES9+.GetBoundProfilePackage
  S_IPA relays S_eUICC's signed PrepareDownloadResponse; the SM-DP+ under test must bind the profile
  to the eUICC's one-time key so that S_eUICC really opens and installs it (SGP.22 §5.6.3,
  SGP.23 §4.3.13), handle retries of an order, or refuse with the ES9+ status code of the case.

  @id:DP-ES9P-GBPP-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-GBPP-NOM-01 the Bound Profile Package opens and installs on S_eUICC (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends GetBoundProfilePackage to the SM-DP+
    Then the SM-DP+'s Bound Profile Package installs on S_eUICC

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-GBPP-NOM-05 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST @optional:O_DP_ASN1_BINDING
  Scenario: DP-ES9P-GBPP-NOM-05 the Bound Profile Package over the ASN.1 binding installs on S_eUICC
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_IPA uses the ASN.1 binding towards the SM-DP+
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends GetBoundProfilePackage to the SM-DP+
    Then the SM-DP+'s Bound Profile Package installs on S_eUICC

  @id:DP-ES9P-GBPP-NOM-06 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-GBPP-NOM-06 the right confirmation code releases the Bound Profile Package
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+ with confirmation code 12345678
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends GetBoundProfilePackage to the SM-DP+ with confirmation code 12345678
    Then the SM-DP+'s Bound Profile Package installs on S_eUICC

  @id:DP-ES9P-GBPP-RTY-02 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-GBPP-RTY-02 after a postponed session, a retry with a new otPK.EUICC is bound anew and installs (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA downloads the order's Bound Profile Package from the SM-DP+
    And S_IPA sends CancelSession to the SM-DP+ with reason postponed
    And S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ offers the earlier otPK.EUICC in smdpSigned2
    When S_IPA sends GetBoundProfilePackage to the SM-DP+
    Then the SM-DP+'s Bound Profile Package installs on S_eUICC

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-GBPP-RTY-11 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-GBPP-RTY-11 a refused confirmation code (8.2.7 / 3.8), then the right one in a new session installs
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+ with confirmation code 12345678
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends GetBoundProfilePackage to the SM-DP+ with confirmation code 87654321
    Then the SM-DP+ refuses it with 8.2.7 / 3.8
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends GetBoundProfilePackage to the SM-DP+ with confirmation code 12345678
    Then the SM-DP+'s Bound Profile Package installs on S_eUICC

  @id:DP-ES9P-GBPP-ERR-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-GBPP-ERR-01 S_eUICC's PrepareDownload error ends the session; the order stays downloadable
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends GetBoundProfilePackage to the SM-DP+ with S_eUICC's PrepareDownload error 127
    Then the SM-DP+ refuses it
    And the SM-DP+ has ended the RSP session
    And S_operator's order can be downloaded from the SM-DP+ in a new session

  @id:DP-ES9P-GBPP-ERR-02 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-GBPP-ERR-02 a corrupted euiccSignature2 is refused with 8.1 / 6.1 (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends GetBoundProfilePackage to the SM-DP+ with a corrupted euiccSignature2
    Then the SM-DP+ refuses it with 8.1 / 6.1

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-GBPP-ERR-03 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-GBPP-ERR-03 a transactionId the SM-DP+ never issued is refused with 8.10.1 / 3.9
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends GetBoundProfilePackage to the SM-DP+ under a transactionId it never issued
    Then the SM-DP+ refuses it with 8.10.1 / 3.9

  @id:DP-ES9P-GBPP-ERR-04 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST @optional:O_DP_ASN1_BINDING
  Scenario: DP-ES9P-GBPP-ERR-04 ASN.1: a transactionId the SM-DP+ never issued is refused with 8.10.1 / 3.9
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_IPA uses the ASN.1 binding towards the SM-DP+
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends GetBoundProfilePackage to the SM-DP+ under a transactionId it never issued
    Then the SM-DP+ refuses it with 8.10.1 / 3.9

  @id:DP-ES9P-GBPP-ERR-05 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-GBPP-ERR-05 no hashCc for an order with a confirmation code is refused with 8.2.7 / 2.2
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+ with confirmation code 12345678
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends GetBoundProfilePackage to the SM-DP+ without hashCc
    Then the SM-DP+ refuses it with 8.2.7 / 2.2

  @id:DP-ES9P-GBPP-ERR-06 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-GBPP-ERR-06 a wrong confirmation code is refused with 8.2.7 / 3.8 (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a released download order on the SM-DP+ with confirmation code 12345678
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends GetBoundProfilePackage to the SM-DP+ with confirmation code 87654321
    Then the SM-DP+ refuses it with 8.2.7 / 3.8

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |
