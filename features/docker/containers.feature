@docker
Feature: Reference peers in containers — suites across a container network
  The harness image serves the simulators as containers on a private network; a second container
  of the same image runs a conformance suite across that network against them, configured as a
  vendor's product would be. Without a container runtime or the image, these scenarios are skipped
  with that reason.

  Background:
    Given a private container network whose test PKI names the services

  @id:DOCKER-EIM-01
  Scenario: DOCKER-EIM-01 the eIM suite passes against S_eIM in a container
    Given S_eIM runs in a container on the network
    When a harness container runs the eIM suite against it
    Then the suite run passes with at least 50 scenarios passed and every skip not applicable
    And the suite run's evidence verifies against its manifest

  @id:DOCKER-SMDPP-01
  Scenario: DOCKER-SMDPP-01 the SM-DP+ suite passes against S_SM-DP+ in a container
    Given S_SM-DP+ runs in a container on the network
    When a harness container runs the SM-DP+ suite against it
    Then the suite run passes with at least 45 scenarios passed and every skip not applicable
    And the suite run's evidence verifies against its manifest

  @id:DOCKER-FAULT-01
  Scenario: DOCKER-FAULT-01 the eIM container dies mid-procedure: that scenario fails with the reason, the run goes on
    Given S_eIM runs in a container on the network, waiting up to 60 s for an SM-DP+
    When a harness container runs "EIM-ES9P-TIMEOUT-ERR-01" and then "EIM-ESIPA-PROVRES-ERR-01" against it
    And the eIM container is killed while S_IPA waits for its InitiateAuthentication answer
    Then "EIM-ES9P-TIMEOUT-ERR-01" fails before the exchange timeout, naming the lost connection to the eIM
    And "EIM-ESIPA-PROVRES-ERR-01" still runs and fails, naming the unreachable eIM
    And the suite run ends with exit code 1 and its evidence verifies against its manifest
