# SGP.32 §3.1.1.1: an IPA whose device changed state locally (fallback, emergency profile, reset, …)
# tells the eIM with notifyStateChange, and in v1.2 the stateChangeCause, on its next GetEimPackageRequest.
Feature: IPAd notifyStateChange (ESipa.GetEimPackage)

  Background:
    Given S_eIM has no eIM Package for S_eUICC

  @iut:ipa @sgp32:v1.2 @optional:O_I_STATE_CHANGE @source:catalogue-2.2
  Scenario Outline: <id> after a local state change (<cause>) GetEimPackageRequest carries notifyStateChange and stateChangeCause <cause>
    When the IPA runs a poll cycle after a local state change <cause>
    Then the first GetEimPackageRequest S_eIM received matches:
      """
      { "eidValue": "<EID>", "notifyStateChange": "<ANY>", "stateChangeCause": <code> }
      """

    @id:IPAD-ESIPA-STATE-NOM-01
    Examples: fallback
      | id                      | cause    | code |
      | IPAD-ESIPA-STATE-NOM-01 | fallback | 1    |

    @id:IPAD-ESIPA-STATE-NOM-02
    Examples: emergency profile
      | id                      | cause            | code |
      | IPAD-ESIPA-STATE-NOM-02 | emergencyProfile | 2    |

    @id:IPAD-ESIPA-STATE-NOM-04
    Examples: eUICC memory reset
      | id                      | cause | code |
      | IPAD-ESIPA-STATE-NOM-04 | reset | 4    |

  @id:IPAD-ESIPA-STATE-NOM-05 @iut:ipa @sgp32:v1.0 @optional:O_I_STATE_CHANGE @source:SGP.32-v1.0-3.1.1.1
  Scenario: IPAD-ESIPA-STATE-NOM-05 v1.0: after a local state change GetEimPackageRequest carries notifyStateChange (v1.0 has no cause)
    When the IPA runs a poll cycle after a local state change fallback
    Then the first GetEimPackageRequest S_eIM received matches:
      """
      { "eidValue": "<EID>", "notifyStateChange": "<ANY>", "stateChangeCause": "<ABSENT>" }
      """

  @id:IPAD-ESIPA-STATE-NOM-06 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @optional:O_I_STATE_CHANGE @source:SGP.32-3.1.1.1
  Scenario: IPAD-ESIPA-STATE-NOM-06 a state change is reported once: the poll after it has no notifyStateChange
    When the IPA runs a poll cycle after a local state change fallback
    And the IPA runs another poll cycle
    Then in the last poll cycle the first GetEimPackageRequest S_eIM received matches:
      """
      { "eidValue": "<EID>", "notifyStateChange": "<ABSENT>" }
      """
