Feature: Fuzzing the eIM — hostile ESipa requests (SGP.32 §6.1, ESipa; both bindings)
  A fuzzing IPA sends the eIM valid, TLV-mutated, constraint-breaking and semantically wrong ESipa
  requests on the ASN.1 and JSON bindings. Every answer must be a spec error code, an HTTP 4xx or a
  legitimate success: never a 5xx, a dropped connection or a hang, never success for a replayed or
  mis-signed result, and rejected input must leave the eIM's state as it was.

  @id:FUZZ-EIM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: FUZZ-EIM-01 ESipa requests, valid and mutated, on both bindings
    Given the fuzz target for the eIM under test
    When <runs> fuzz cases are sent from seed <seed>
    Then every answer met the oracle
    And the IUT still answers a legitimate request

    Examples:
      | runs | seed  |
      | 2000 | 32001 |
