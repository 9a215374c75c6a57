Feature: ESipa.ProvideEimPackageResult — the eIM takes eUICC Package results (SGP.32 §5.14.4)
  What S_IPA brings back decides the order: the eIM checks the EID, the eUICC's signature, the
  counterValue and eimTransactionId of its outstanding package, and acknowledges what it consumed.

  @id:EIM-ESIPA-PROVRES-ERR-01 @iut:eim @sgp32:v1.2
  Scenario: EIM-ESIPA-PROVRES-ERR-01 a result for an EID other than the one that fetched the package
    Given the eIM under test is associated with a fresh S_eUICC
    And S_eUICC holds a disabled profile "89049911000000000017"
    When the eIM is ordered to enable profile "89049911000000000017"
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result for another EID
    Then the eIM answers provideEimPackageResultError eidNotFound
    And the eIM does not report the order done

  @id:EIM-ESIPA-PROVRES-ERR-02 @iut:eim @sgp32:v1.2
  Scenario: EIM-ESIPA-PROVRES-ERR-02 a result whose counterValue and eimTransactionId belong to an earlier package
    Given the eIM under test is associated with a fresh S_eUICC
    When the eIM is ordered to get the rules authorisation table
    And S_IPA runs the eUICC Package procedure
    Then the eIM reports the first order done
    When the eIM is ordered to get the rules authorisation table
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result of the first eUICC Package
    Then the eIM does not report the order done

  @id:EIM-ESIPA-PROVRES-ERR-03 @iut:eim @sgp32:v1.2 @source:onomondo-eim
  Scenario: EIM-ESIPA-PROVRES-ERR-03 a result whose euiccSignEPR does not verify
    Given the eIM under test is associated with a fresh S_eUICC
    When the eIM is ordered to get the rules authorisation table
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result with a corrupted eUICC signature
    Then the eIM does not report the order done

  @id:EIM-ESIPA-PROVRES-ERR-04 @iut:eim @sgp32:v1.2
  Scenario: EIM-ESIPA-PROVRES-ERR-04 the eUICC refuses the package with replayError
    Given the eIM under test is associated with a fresh S_eUICC
    And S_eUICC has accepted eUICC Packages from the eIM under test up to counterValue 1000000
    When the eIM is ordered to get the rules authorisation table
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result
    Then the eIM acknowledges the result
    And the eIM reports the order failed with reason "replayError"

  @id:EIM-ESIPA-PROVRES-ERR-05 @iut:eim @sgp32:v1.2
  Scenario: EIM-ESIPA-PROVRES-ERR-05 the eUICC answers euiccPackageErrorUnsigned (eimSignature damaged on the way)
    Given the eIM under test is associated with a fresh S_eUICC
    When the eIM is ordered to get the rules authorisation table
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA loads the eUICC Package on S_eUICC with its eimSignature corrupted
    And S_IPA provides the eUICC Package Result
    Then the eIM reports the order failed

  @id:EIM-ESIPA-PROVRES-ERR-06 @iut:eim @sgp32:v1.2
  Scenario Outline: EIM-ESIPA-PROVRES-ERR-06 S_IPA reports eimPackageResultResponseError <code>
    Given the eIM under test is associated with a fresh S_eUICC
    When the eIM is ordered to get the rules authorisation table
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA reports the eIM Package error <code>
    Then the eIM acknowledges the result
    And the eIM reports the order failed with reason "<code>"

    Examples:
      | code                 |
      | invalidPackageFormat |
      | unknownPackage       |

  @id:EIM-ESEP-COUNTER-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0
  Scenario: EIM-ESEP-COUNTER-NOM-01 the counterValue rises from one package to the next
    Given the eIM under test is associated with a fresh S_eUICC
    When the eIM is ordered to get the rules authorisation table
    And S_IPA runs the eUICC Package procedure
    And the eIM is ordered to get the rules authorisation table
    And S_IPA runs the eUICC Package procedure
    Then the second eUICC Package has a greater counterValue than the first
    And the eIM reports the order done

  @id:EIM-ESEP-SIG-NOM-01 @iut:eim @sgp32:v1.2
  Scenario Outline: EIM-ESEP-SIG-NOM-01 eimSignature verifies with the configured eIM key (<curve>)
    Given the eIM under test is associated with a fresh S_eUICC on curve <curve>
    When the eIM is ordered to get the rules authorisation table
    And S_IPA requests an eIM Package for the S_eUICC
    Then the eimSignature verifies with the eIM public key configured in S_eUICC
    When S_IPA loads the eUICC Package on S_eUICC
    Then S_eUICC accepts the eUICC Package

    Examples:
      | curve |
      | NIST  |
      | BRP   |

  @id:EIM-ESEP-ACK-NOM-01 @iut:eim @sgp32:v1.2
  Scenario: EIM-ESEP-ACK-NOM-01 acknowledgements name the result and every notification provided
    Given the eIM under test is associated with a fresh S_eUICC
    And S_eUICC holds a disabled profile "89049911000000000017"
    When the eIM is ordered to enable profile "89049911000000000017"
    And S_IPA requests an eIM Package for the S_eUICC
    And S_IPA loads the eUICC Package on S_eUICC
    And S_IPA provides the eUICC Package Result with the pending notifications
    Then the eIM acknowledges every sequence number S_IPA provided
    And the eIM reports the order done with enableResult "ok"
