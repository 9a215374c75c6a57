Feature: Fuzzing the SM-DP+ — hostile ES9+ requests (SGP.22 §5.6, JSON and ASN.1 bindings)
  A fuzzing LPA sends the SM-DP+ valid, mutated, constraint-breaking and semantically wrong ES9+
  requests as JSON and ASN.1 bodies. Every answer must be a function execution status with a spec
  error code, an HTTP 4xx or a legitimate success; never a 5xx, a dropped connection or a hang, never
  success for a mis-signed or replayed request, and rejected input leaves the orders as they were.

  @id:FUZZ-SMDPP-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: FUZZ-SMDPP-01 ES9+ requests, valid and mutated, on both bindings
    Given the fuzz target for the SM-DP+ under test
    When <runs> fuzz cases are sent from seed <seed>
    Then every answer met the oracle
    And the IUT still answers a legitimate request

    Examples:
      | runs | seed  |
      | 2000 | 32004 |
