Feature: SM-DP+ ES2+ order management
  S_operator, with the operator client certificate of the run's PKI over mutual TLS, manages
  download orders on the SM-DP+ under test: DownloadOrder, ConfirmOrder and CancelOrder (SGP.22
  §5.3.1 to §5.3.3), nominal and refused with the ES2+ status code of the case.

  @id:DP-ES2P-DLORDER-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-DLORDER-NOM-01 DownloadOrder of an available profile by ICCID
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator knows the ICCID of an available profile on the SM-DP+
    When S_operator sends DownloadOrder for that ICCID to the SM-DP+
    Then the SM-DP+ answers that ICCID

  @id:DP-ES2P-DLORDER-NOM-02 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES2P-DLORDER-NOM-02 DownloadOrder by profile type (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    When S_operator sends DownloadOrder for the profile type to the SM-DP+
    Then the SM-DP+ answers the ICCID of one of its profiles

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES2P-DLORDER-ERR-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-DLORDER-ERR-01 DownloadOrder of an ICCID already ordered is refused with 8.2.1 / 3.3
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    And S_operator works on the ordered profile
    When S_operator sends DownloadOrder for that ICCID to the SM-DP+
    Then the SM-DP+ refuses it with 8.2.1 / 3.3

  @id:DP-ES2P-DLORDER-ERR-02 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-DLORDER-ERR-02 DownloadOrder of an unknown ICCID is refused with 8.2.1 / 3.9
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator works on an ICCID the SM-DP+ does not hold
    When S_operator sends DownloadOrder for that ICCID to the SM-DP+
    Then the SM-DP+ refuses it with 8.2.1 / 3.9

  @id:DP-ES2P-CONFIRM-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES2P-CONFIRM-NOM-01 ConfirmOrder answers a matchingId and the SM-DP+ address (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a download order on the SM-DP+ that is not confirmed
    When S_operator sends ConfirmOrder with release for that ICCID to the SM-DP+
    Then the SM-DP+ answers a matchingId and its own address

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES2P-CONFIRM-ERR-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-CONFIRM-ERR-01 ConfirmOrder of an unknown ICCID is refused with 8.2.1 / 3.9
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator works on an ICCID the SM-DP+ does not hold
    When S_operator sends ConfirmOrder with release for that ICCID to the SM-DP+
    Then the SM-DP+ refuses it with 8.2.1 / 3.9

  @id:DP-ES2P-CONFIRM-ERR-02 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-CONFIRM-ERR-02 ConfirmOrder of a profile nobody ordered is refused with 8.2.1 / 3.5
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator knows the ICCID of an available profile on the SM-DP+
    When S_operator sends ConfirmOrder with release for that ICCID to the SM-DP+
    Then the SM-DP+ refuses it with 8.2.1 / 3.5

  @id:DP-ES2P-CONFIRM-ERR-03 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-CONFIRM-ERR-03 ConfirmOrder with a matchingId already in use is refused with 8.2.6 / 3.3
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    And S_operator has a download order on the SM-DP+ that is not confirmed
    When S_operator sends ConfirmOrder for that ICCID to the SM-DP+ with the ordered matchingId
    Then the SM-DP+ refuses it with 8.2.6 / 3.3

  @id:DP-ES2P-CONFIRM-ERR-04 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-CONFIRM-ERR-04 ConfirmOrder naming an SM-DS it cannot reach is refused with 8.9 / 5.1
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a download order on the SM-DP+ that is not confirmed
    When S_operator sends ConfirmOrder for that ICCID to the SM-DP+ with SM-DS address smds.unreachable.invalid
    Then the SM-DP+ refuses it with 8.9 / 5.1

  @id:DP-ES2P-CONFIRM-ERR-05 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-CONFIRM-ERR-05 ConfirmOrder with an empty matchingId and no EID is refused with 8.1.1 / 2.2
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a download order on the SM-DP+ that is not confirmed
    When S_operator sends ConfirmOrder for that ICCID to the SM-DP+ with an empty matchingId and no EID
    Then the SM-DP+ refuses it with 8.1.1 / 2.2

  @id:DP-ES2P-CONFIRM-ERR-06 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-CONFIRM-ERR-06 ConfirmOrder for another EID than the order's is refused with 8.1.1 / 3.10
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a download order on the SM-DP+ for S_eUICC that is not confirmed
    When S_operator sends ConfirmOrder for that ICCID to the SM-DP+ for another EID
    Then the SM-DP+ refuses it with 8.1.1 / 3.10

  @id:DP-ES2P-CANCEL-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES2P-CANCEL-NOM-01 a cancelled order can no longer be downloaded (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a released download order on the SM-DP+
    When S_operator sends CancelOrder for the order to the SM-DP+
    Then the SM-DP+ accepts it
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    Then the SM-DP+ refuses it with 8.2.6 / 3.8

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES2P-CANCEL-ERR-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-CANCEL-ERR-01 CancelOrder of an unknown ICCID is refused with 8.2.1 / 3.9
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator works on an ICCID the SM-DP+ does not hold
    When S_operator sends CancelOrder for that ICCID to the SM-DP+
    Then the SM-DP+ refuses it with 8.2.1 / 3.9

  @id:DP-ES2P-CANCEL-ERR-02 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-CANCEL-ERR-02 CancelOrder without the EID of an EID-linked order is refused with 8.1.1 / 2.2
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+ for S_eUICC
    When S_operator sends CancelOrder for the order to the SM-DP+ without its EID
    Then the SM-DP+ refuses it with 8.1.1 / 2.2

  @id:DP-ES2P-CANCEL-ERR-03 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-CANCEL-ERR-03 CancelOrder with another matchingId is refused with 8.2.6 / 3.10
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_operator sends CancelOrder for the order to the SM-DP+ with another matchingId
    Then the SM-DP+ refuses it with 8.2.6 / 3.10

  @id:DP-ES2P-CANCEL-ERR-04 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario: DP-ES2P-CANCEL-ERR-04 CancelOrder of a profile nobody ordered is refused with 8.2.1 / 3.5
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator knows the ICCID of an available profile on the SM-DP+
    When S_operator sends CancelOrder for that ICCID to the SM-DP+
    Then the SM-DP+ refuses it with 8.2.1 / 3.5

  @id:DP-TLS-ES2P-ERR-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-TLS-ES2P-ERR-01 ES2+ without an operator client certificate is refused (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    When S_operator sends DownloadOrder to the SM-DP+ without a client certificate
    Then the SM-DP+ refuses S_operator's connection

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |
