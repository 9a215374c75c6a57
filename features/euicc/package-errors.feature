Feature: eUICC Package — verification errors
  SGP.32 v1.2 §2.11.2: a package the eUICC cannot accept is answered with euiccPackageErrorSigned
  (EID, replay, counter range) or euiccPackageErrorUnsigned (signature, unknown eIM), and changes nothing.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile
    And the eUICC holds profile "B" downloaded from S_SM-DP+
    And S_eIM is associated with the eUICC

  @id:EUICC-ESEP-SIG-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-SIG-ERR-01 a corrupted eimSignature is refused unsigned and changes nothing
    Given S_IPA has saved the observable state of the eUICC
    When S_eIM sends a package to enable profile B with a corrupted eimSignature
    Then the eUICC answers an unsigned eUICC Package Error naming S_eIM and its association token
    And the observable state of the eUICC is unchanged

  @id:EUICC-ESEP-EID-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-EID-ERR-01 a package for another EID answers invalidEid
    Given S_IPA has saved the observable state of the eUICC
    When S_eIM sends a package to enable profile B for another EID
    Then the eUICC answers a signed eUICC Package Error with euiccPackageErrorCode = invalidEid(3)
    And the observable state of the eUICC is unchanged

  @id:EUICC-ESEP-REPLAY-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-REPLAY-ERR-01 a package reusing a counterValue answers replayError
    Given S_eIM has enabled profile B on the eUICC
    And S_IPA has saved the observable state of the eUICC
    When S_eIM sends a package to disable profile B with the counterValue of its last package
    Then the eUICC answers a signed eUICC Package Error with euiccPackageErrorCode = replayError(4)
    And the observable state of the eUICC is unchanged

  @id:EUICC-ESEP-COUNTER-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-COUNTER-ERR-01 a counterValue beyond the range answers counterValueOutOfRange
    Given S_IPA has saved the observable state of the eUICC
    When S_eIM sends a package to enable profile B with counterValue 2147483648
    Then the eUICC answers a signed eUICC Package Error with euiccPackageErrorCode = counterValueOutOfRange(6)
    And the observable state of the eUICC is unchanged

  @id:EUICC-ESEP-EIMID-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-EIMID-ERR-01 a package from an unknown eIM is refused unsigned, naming that eIM
    Given S_IPA has saved the observable state of the eUICC
    When S_eIM sends a package to enable profile B as the unknown eIM "stranger.example.com"
    Then the eUICC answers an unsigned eUICC Package Error naming the eIM "stranger.example.com"
    And the observable state of the eUICC is unchanged

  @id:EUICC-ESEP-SIZE-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ESEP-SIZE-ERR-01 a result larger than the eUICC can keep is cut short and the rest not executed
    Given the eUICC holds profiles "A, C, D" downloaded from S_SM-DP+
    When S_eIM sends a package of 60 listProfileInfo operations then an enable of profile B
    Then the eUICC answers a signed eUICC Package Result cut short by its size
    And profile B is disabled on the eUICC
