Feature: SM-DP+ ES9+.HandleNotification
  S_IPA delivers the ProfileInstallationResult S_eUICC signed after loading the SM-DP+'s Bound
  Profile Package; the SM-DP+ under test must accept it, whether the installation succeeded or the
  eUICC reported a failure, and end the RSP session (SGP.22 §5.6.4, SGP.23 §4.3.15).

  @id:DP-ES9P-NOTIF-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-ES9P-NOTIF-NOM-01 a successful installation result is accepted and ends the session (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA downloads the order's Bound Profile Package from the SM-DP+
    And S_eUICC loads the SM-DP+'s Bound Profile Package
    And S_IPA sends the ProfileInstallationResult in HandleNotification to the SM-DP+
    Then the SM-DP+ accepts it
    And the SM-DP+ has ended the RSP session
    And S_operator's order can no longer be downloaded from the SM-DP+

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-NOTIF-NOM-17 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST @optional:O_DP_ASN1_BINDING
  Scenario: DP-ES9P-NOTIF-NOM-17 a successful installation result over the ASN.1 binding is accepted
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_IPA uses the ASN.1 binding towards the SM-DP+
    And S_operator has a released download order on the SM-DP+
    When S_IPA downloads the order's Bound Profile Package from the SM-DP+
    And S_eUICC loads the SM-DP+'s Bound Profile Package
    And S_IPA sends the ProfileInstallationResult in HandleNotification to the SM-DP+
    Then the SM-DP+ accepts it
    And the SM-DP+ has ended the RSP session

  @id:DP-ES9P-NOTIF-NOM-03 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario Outline: DP-ES9P-NOTIF-NOM-03 an installation result reporting a failure in <part> is accepted and ends the session
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA downloads the order's Bound Profile Package from the SM-DP+
    And S_eUICC loads the SM-DP+'s Bound Profile Package with a corrupted <part> segment
    And S_IPA sends the ProfileInstallationResult in HandleNotification to the SM-DP+
    Then the SM-DP+ accepts it
    And the SM-DP+ has ended the RSP session

    Examples:
      | part            |
      | metadata        |
      | profileElements |
