Feature: SM-DP+ requirements added by IoT devices
  An SGP.32 eUICC reports the IoT fields of its EUICCInfo2, which an SM-DP+ built for SGP.22 must
  tolerate; the ES9+ endpoint must refuse requests with wrong HTTP headers and TLS below 1.2 or
  outside the SGP.22 cipher suites; an idle RSP session must end (reference sgp33-catalog §4.7).

  @id:DP-ES9P-IOT-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-IOT-NOM-01 the SGP.32 EUICCInfo2 of an IoT eUICC is accepted (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the EUICCInfo2 S_eUICC signed carries the SGP.32 IoT fields
    And the SM-DP+ answers smdpSigned2 for the session with ccRequiredFlag false

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-HTTP-ERR-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario Outline: DP-ES9P-HTTP-ERR-01 a request with <defect> is refused
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    When S_IPA posts InitiateAuthentication to the SM-DP+ with <defect>
    Then the SM-DP+ refuses the request before running the function

    Examples:
      | defect                       |
      | a text/plain Content-Type    |
      | a malformed X-Admin-Protocol |

  @id:DP-TLS-ES9P-ERR-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario Outline: DP-TLS-ES9P-ERR-01 a TLS client offering <offer>: the SM-DP+ <verdict> the handshake
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    When S_IPA opens a TLS connection to the SM-DP+ offering <offer>
    Then the SM-DP+ <verdict> the TLS handshake

    Examples:
      | offer                                      | verdict   |
      | TLS 1.1                                    | refuses   |
      | RSA key exchange only                      | refuses   |
      | TLS 1.2 with ECDHE-ECDSA-AES128-GCM-SHA256 | completes |

  @id:DP-ES9P-TIMEOUT-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST @optional:O_DP_SESSION_TIMEOUT
  Scenario: DP-ES9P-TIMEOUT-NOM-01 a session idle past the timeout is unknown (8.10.1 / 3.9); the order downloads in a new one
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And the RSP session stays idle past the SM-DP+'s session timeout
    And S_IPA sends GetBoundProfilePackage to the SM-DP+
    Then the SM-DP+ refuses it with 8.10.1 / 3.9
    And S_operator's order can be downloaded from the SM-DP+ in a new session
