Feature: SM-DP+ ES9+.CancelSession
  S_IPA relays S_eUICC's signed CancelSessionResponse after AuthenticateClient or after
  GetBoundProfilePackage; the SM-DP+ under test must accept every reason, end the session, keep a
  postponed or timed-out order downloadable and end the order otherwise (SGP.22 §5.6.5,
  SGP.23 §4.3.16), and refuse receipts it cannot verify.

  @id:DP-ES9P-CANCEL-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario Outline: DP-ES9P-CANCEL-NOM-01 cancelled after AuthenticateClient with reason <reason>
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends CancelSession to the SM-DP+ with reason <reason>
    Then the SM-DP+ accepts it
    And the SM-DP+ has ended the RSP session
    And S_operator's order <afterwards>

    Examples:
      | reason           | afterwards                                           |
      | endUserRejection | can no longer be downloaded from the SM-DP+          |
      | postponed        | can be downloaded from the SM-DP+ in a new session   |
      | timeout          | can be downloaded from the SM-DP+ in a new session   |
      | pprNotAllowed    | can no longer be downloaded from the SM-DP+          |
      | undefinedReason  | can no longer be downloaded from the SM-DP+          |

  @id:DP-ES9P-CANCEL-NOM-06 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario Outline: DP-ES9P-CANCEL-NOM-06 cancelled after GetBoundProfilePackage with reason <reason>
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA downloads the order's Bound Profile Package from the SM-DP+
    And S_IPA sends CancelSession to the SM-DP+ with reason <reason>
    Then the SM-DP+ accepts it
    And the SM-DP+ has ended the RSP session
    And S_operator's order <afterwards>

    Examples:
      | reason                | afterwards                                         |
      | endUserRejection      | can no longer be downloaded from the SM-DP+        |
      | postponed             | can be downloaded from the SM-DP+ in a new session |
      | timeout               | can be downloaded from the SM-DP+ in a new session |
      | pprNotAllowed         | can no longer be downloaded from the SM-DP+        |
      | metadataMismatch      | can no longer be downloaded from the SM-DP+        |
      | loadBppExecutionError | can no longer be downloaded from the SM-DP+        |
      | undefinedReason       | can no longer be downloaded from the SM-DP+        |

  @id:DP-ES9P-CANCEL-NOM-13 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_BRP
  Scenario: DP-ES9P-CANCEL-NOM-13 cancelled (postponed) after AuthenticateClient on brainpool
    Given the SM-DP+ (IUT) serves S_eUICC on the BRP curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends CancelSession to the SM-DP+ with reason postponed
    Then the SM-DP+ accepts it
    And S_operator's order can be downloaded from the SM-DP+ in a new session

  @id:DP-ES9P-CANCEL-NOM-15 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST @optional:O_DP_ASN1_BINDING
  Scenario: DP-ES9P-CANCEL-NOM-15 cancelled (postponed) after AuthenticateClient over the ASN.1 binding
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_IPA uses the ASN.1 binding towards the SM-DP+
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+
    And S_IPA sends CancelSession to the SM-DP+ with reason postponed
    Then the SM-DP+ accepts it
    And the SM-DP+ has ended the RSP session

  @id:DP-ES9P-CANCEL-ERR-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST
  Scenario Outline: DP-ES9P-CANCEL-ERR-01 after <stage>, a receipt <fault> is refused with <subject> / <reason> and the session lives on
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA runs the download on the SM-DP+ up to <stage>
    And S_IPA sends CancelSession to the SM-DP+ <fault>
    Then the SM-DP+ refuses it with <subject> / <reason>
    And the SM-DP+ still holds the RSP session

    Examples:
      | stage                  | fault                                            | subject | reason |
      | AuthenticateClient     | under a transactionId it never issued            | 8.10.1  | 3.9    |
      | AuthenticateClient     | with a corrupted euiccCancelSessionSignature     | 8.1     | 6.1    |
      | AuthenticateClient     | naming another SM-DP+'s OID                      | 8.8     | 3.10   |
      | GetBoundProfilePackage | under a transactionId it never issued            | 8.10.1  | 3.9    |
      | GetBoundProfilePackage | with a corrupted euiccCancelSessionSignature     | 8.1     | 6.1    |
      | GetBoundProfilePackage | naming another SM-DP+'s OID                      | 8.8     | 3.10   |
