Feature: APDU-level errors on the ES10 link
  STORE DATA framing errors (GP Card Spec §11.11, SGP.22 §5.7.2) are answered with an ISO 7816 error
  status word and leave the eUICC's state as it was.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile
    And the eUICC holds profile "A" downloaded from S_SM-DP+
    And S_eIM is associated with the eUICC
    And S_IPA has saved the observable state of the eUICC

  @id:EUICC-ES10-APDU-ERR-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-APDU-ERR-01 a STORE DATA sequence not starting at block 00 is refused
    When S_IPA sends a STORE DATA sequence starting at block 01
    Then the eUICC answers an ISO 7816 error status word
    And the observable state of the eUICC is unchanged

  @id:EUICC-ES10-APDU-ERR-02 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-APDU-ERR-02 a last STORE DATA block with a truncated TLV is refused
    When S_IPA sends a last STORE DATA block with a truncated TLV
    Then the eUICC answers an ISO 7816 error status word
    And the observable state of the eUICC is unchanged
