Feature: SM-DP+ ES9+.AuthenticateClient
  S_IPA relays S_eUICC's signed AuthenticateServerResponse; the SM-DP+ under test must check the eUICC
  and EUM certificates, the signature and the session, find the order S_operator placed on ES2+,
  and answer smdpSigned2 signed under CERT.DPpb with the profile metadata (SGP.22 §5.6.2,
  SGP.23 §4.3.14), or refuse with the ES9+ status code of the case.

  @id:DP-ES9P-AUTHCL-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-AUTHCL-NOM-01 smdpSigned2, CERT.DPpb and the order's profile metadata (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ answers smdpSigned2 for the session with ccRequiredFlag false
    And smdpSignature2 verifies with the SM-DP+'s CERT.DPpb, which chains to the CI
    And the SM-DP+'s profile metadata names the ordered ICCID

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-AUTHCL-NOM-18 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_ASN1_BINDING
  Scenario Outline: DP-ES9P-AUTHCL-NOM-18 AuthenticateClient over the ASN.1 binding (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_IPA uses the ASN.1 binding towards the SM-DP+
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ answers smdpSigned2 for the session with ccRequiredFlag false
    And smdpSignature2 verifies with the SM-DP+'s CERT.DPpb, which chains to the CI

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-AUTHCL-NOM-02 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-AUTHCL-NOM-02 an order with a confirmation code sets ccRequiredFlag
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+ with confirmation code 12345678
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ answers smdpSigned2 for the session with ccRequiredFlag true

  @id:DP-ES9P-AUTHCL-NOM-03 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-AUTHCL-NOM-03 after an unknown matchingId, a new session with the right one succeeds
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+ with matchingId UNKNOWN-MATCHING-ID
    Then the SM-DP+ refuses it with 8.2.6 / 3.8
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ answers smdpSigned2 for the session with ccRequiredFlag false

  @id:DP-ES9P-AUTHCL-NOM-06 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-AUTHCL-NOM-06 an activation-code order linked to S_eUICC's EID
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+ for S_eUICC
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ answers smdpSigned2 for the session with ccRequiredFlag false
    And the SM-DP+'s profile metadata names the ordered ICCID

  @id:DP-ES9P-AUTHCL-NOM-10 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario Outline: DP-ES9P-AUTHCL-NOM-10 default SM-DP+ use case: the order is found by EID, matchingId <how>
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+ for S_eUICC without matchingId
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+ <how>
    Then the SM-DP+ answers smdpSigned2 for the session with ccRequiredFlag false
    And the SM-DP+'s profile metadata names the ordered ICCID

    Examples:
      | how                    |
      | without matchingId     |
      | with an empty matchingId |

  @id:DP-ES9P-AUTHCL-ERR-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario Outline: DP-ES9P-AUTHCL-ERR-01 S_eUICC's certificate chain <defect> is refused with <subject> / <reason>
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_eUICC presents the defective certificate <defect>
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ refuses it with <subject> / <reason>

    Examples:
      | defect                    | subject | reason |
      | euicc-eum-wrong-key-usage | 8.1.2   | 6.1    |
      | euicc-eum-expired         | 8.1.2   | 6.3    |
      | euicc-bad-signature       | 8.1.3   | 6.1    |
      | euicc-expired             | 8.1.3   | 6.3    |
      | euicc-eum-unknown-ci      | 8.11.1  | 3.9    |

  @id:DP-ES9P-AUTHCL-ERR-06 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-AUTHCL-ERR-06 an order not yet released is refused with 8.2 / 1.2
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a confirmed but not released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ refuses it with 8.2 / 1.2

  @id:DP-ES9P-AUTHCL-ERR-07 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-AUTHCL-ERR-07 an unknown matchingId is refused with 8.2.6 / 3.8 (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+ with matchingId UNKNOWN-MATCHING-ID
    Then the SM-DP+ refuses it with 8.2.6 / 3.8

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-AUTHCL-ERR-10 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-AUTHCL-ERR-10 an order linked to another EID is refused with 8.1.1 / 3.8
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+ for another eUICC
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ refuses it with 8.1.1 / 3.8

  @id:DP-ES9P-AUTHCL-ERR-12 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST @optional:O_DP_ORDER_EXPIRY
  Scenario: DP-ES9P-AUTHCL-ERR-12 an expired download order is refused with 8.8.5 / 4.10
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    And the SM-DP+'s download order has expired
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ refuses it with 8.8.5 / 4.10

  @id:DP-ES9P-AUTHCL-ERR-13 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-AUTHCL-ERR-13 an order ended by refused confirmation codes is refused with 8.8.5 / 6.4
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+ with confirmation code 12345678
    When S_IPA tries the order with confirmation code 87654321 until the SM-DP+ ends it
    And S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ refuses it with 8.8.5 / 6.4

  @id:DP-ES9P-AUTHCL-ERR-17 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-AUTHCL-ERR-17 a request transactionId other than the one S_eUICC signed is refused with 8.10.1 / 3.9
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends AuthenticateClient to the SM-DP+ under a transactionId other than the session's
    Then the SM-DP+ refuses it with 8.10.1 / 3.9

  @id:DP-ES9P-AUTHCL-ERR-18 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-AUTHCL-ERR-18 a corrupted euiccSignature1 is refused with 8.1 / 6.1 (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends AuthenticateClient to the SM-DP+ with a corrupted euiccSignature1
    Then the SM-DP+ refuses it with 8.1 / 6.1

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-AUTHCL-ERR-19 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-AUTHCL-ERR-19 a transactionId the SM-DP+ never issued is refused with 8.10.1 / 3.9
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends AuthenticateClient to the SM-DP+ with a transactionId it never issued, signed by S_eUICC
    Then the SM-DP+ refuses it with 8.10.1 / 3.9

  @id:DP-ES9P-AUTHCL-ERR-20 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES9P-AUTHCL-ERR-20 euiccSigned1 with another serverChallenge is refused with 8.1 / 6.1
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends AuthenticateClient to the SM-DP+ whose euiccSigned1 carries another serverChallenge
    Then the SM-DP+ refuses it with 8.1 / 6.1

  @id:DP-ES9P-AUTHCL-ERR-21 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST @optional:O_DP_ASN1_BINDING
  Scenario: DP-ES9P-AUTHCL-ERR-21 ASN.1: an unknown transactionId inside euiccSigned1 is refused with 8.10.1 / 3.9
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_IPA uses the ASN.1 binding towards the SM-DP+
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends AuthenticateClient to the SM-DP+ whose euiccSigned1 names a transactionId it never issued
    Then the SM-DP+ refuses it with 8.10.1 / 3.9
