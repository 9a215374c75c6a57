Feature: Fuzzing the IPA — hostile eIM answers and injected packages (SGP.32 §6.1 ESipa, §5.9 ESep)
  A fuzzing eIM answers the IPA's polls with valid, TLV-mutated, constraint-breaking and semantically
  wrong responses and eUICC Packages. The IPA must keep running and keep talking valid ESipa, and no
  mutated signed package may change the eUICC behind it.

  @id:FUZZ-IPA-01 @iut:ipa @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: FUZZ-IPA-01 eIM answers and eUICC Packages, valid and mutated
    Given the fuzz target for the IPA under test
    When <runs> fuzz cases are sent from seed <seed>
    Then every answer met the oracle
    And the IUT still answers a legitimate request

    Examples:
      | runs | seed  |
      | 2000 | 32002 |
