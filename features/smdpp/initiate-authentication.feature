Feature: SM-DP+ ES9+.InitiateAuthentication
  S_IPA relays S_eUICC's challenge and EUICCInfo1 to the SM-DP+ under test, which must open an RSP
  session with a serverSigned1 signed under CERT.DPauth of the CI the eUICC named (SGP.22 §5.6.1,
  SGP.23 §4.3.12), or refuse with the ES9+ status code of the case.

  @id:DP-ES9P-INITAUTH-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-INITAUTH-NOM-01 serverSigned1 echoes the challenge and verifies with CERT.DPauth (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    When S_IPA sends InitiateAuthentication to the SM-DP+
    Then the SM-DP+ answers serverSigned1 with S_eUICC's challenge and its own address
    And serverSignature1 verifies with the SM-DP+'s CERT.DPauth, which chains to the CI

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-INITAUTH-NOM-02 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-INITAUTH-NOM-02 every session gets its own transactionId and serverChallenge (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    When S_IPA sends InitiateAuthentication to the SM-DP+ twice
    Then the SM-DP+ issued a different transactionId and serverChallenge for each session

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-INITAUTH-NOM-07 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_ASN1_BINDING
  Scenario Outline: DP-ES9P-INITAUTH-NOM-07 the ASN.1 binding opens a session too (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_IPA uses the ASN.1 binding towards the SM-DP+
    When S_IPA sends InitiateAuthentication to the SM-DP+
    Then the SM-DP+ answers serverSigned1 with S_eUICC's challenge and its own address
    And serverSignature1 verifies with the SM-DP+'s CERT.DPauth, which chains to the CI

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-INITAUTH-NOM-03 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario Outline: DP-ES9P-INITAUTH-NOM-03 an eUICC declaring SGP.22 <svn> is served
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_eUICC declares SGP.22 version <svn>
    When S_IPA sends InitiateAuthentication to the SM-DP+
    Then the SM-DP+ answers serverSigned1 with S_eUICC's challenge and its own address

    Examples:
      | svn   |
      | 2.2.1 |
      | 2.2.2 |
      | 2.3.0 |

  @id:DP-ES9P-INITAUTH-ERR-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-INITAUTH-ERR-01 another SM-DP+ address is refused with 8.8.1 / 3.8 (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    When S_IPA sends InitiateAuthentication to the SM-DP+ for the address other-smdp.example.org
    Then the SM-DP+ refuses it with 8.8.1 / 3.8

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-INITAUTH-ERR-02 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-INITAUTH-ERR-02 CI keys the SM-DP+ does not know are refused with 8.8.2 / 3.1 (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    When S_IPA sends InitiateAuthentication to the SM-DP+ naming only CI keys it does not know
    Then the SM-DP+ refuses it with 8.8.2 / 3.1

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-INITAUTH-ERR-03 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario Outline: DP-ES9P-INITAUTH-ERR-03 an eUICC declaring SGP.22 <svn> is refused with 8.8.3 / 3.1
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_eUICC declares SGP.22 version <svn>
    When S_IPA sends InitiateAuthentication to the SM-DP+
    Then the SM-DP+ refuses it with 8.8.3 / 3.1

    Examples:
      | svn   |
      | 1.0.0 |
      | 3.0.0 |

  @id:DP-ES9P-INITAUTH-ERR-04 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-INITAUTH-ERR-04 no CERT.DPauth for the eUICC's verification CI is refused with 8.8.4 / 3.7 (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    When S_IPA sends InitiateAuthentication to the SM-DP+ with no CI to verify CERT.DPauth with
    Then the SM-DP+ refuses it with 8.8.4 / 3.7

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |
