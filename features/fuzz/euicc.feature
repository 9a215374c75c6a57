Feature: Fuzzing the eUICC — hostile ES10 commands and STORE DATA sequences (SGP.32 §5.9, §5.2)
  A fuzzing IPA sends the eUICC valid, TLV-mutated, constraint-breaking and semantically wrong ES10
  commands, and broken STORE DATA chaining. Every answer must be an ISO status word or an ES10 error
  code; no replayed or mis-signed eUICC Package may execute, and rejected commands leave counters,
  eIM configuration and profiles as they were.

  @id:FUZZ-EUICC-01 @iut:euicc @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: FUZZ-EUICC-01 ES10 commands and STORE DATA sequences, valid and mutated
    Given the fuzz target for the eUICC under test
    When <runs> fuzz cases are sent from seed <seed>
    Then every answer met the oracle
    And the IUT still answers a legitimate request

    Examples:
      | runs | seed  |
      | 2000 | 32003 |
