# SGP.32 §3.1.1.1 eIM Package Retrieval, IPAd side: the start-up every TTCN IPAd test checks, and how
# the IPA ends a poll cycle that brings no package (osmo-ttcn3-hacks ipad/IPAd_Tests.ttcn).
Feature: IPAd eIM Package Retrieval (ESipa.GetEimPackage)

  Background:
    Given S_eIM has no eIM Package for S_eUICC

  @id:IPAD-ES10-START-NOM-01 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:TTCN-IPAd-common
  Scenario: IPAD-ES10-START-NOM-01 the IPA opens a channel, reads EID, eIM configuration and notifications, then polls
    When the IPA runs a poll cycle
    Then S_eUICC received these commands in this order:
      | MANAGE CHANNEL open              |
      | SELECT ISD-R                     |
      | GetEuiccDataRequest              |
      | GetEimConfigurationDataRequest   |
      | RetrieveNotificationsListRequest |
      | MANAGE CHANNEL close             |
    And the first GetEuiccDataRequest S_eUICC received matches:
      """
      { "tagList": "5A" }
      """
    And S_eIM received exactly these ESipa requests:
      | GetEimPackageRequest |
    And the first GetEimPackageRequest S_eIM received matches:
      """
      { "eidValue": "<EID>", "notifyStateChange": "<ABSENT>" }
      """

  @id:IPAD-ESIPA-GETPKG-NOM-02 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:SGP.32-3.1.1.1
  Scenario: IPAD-ESIPA-GETPKG-NOM-02 noEimPackageAvailable ends the poll cycle
    Given S_eIM answers the next GetEimPackageRequest with eimPackageError noEimPackageAvailable
    When the IPA runs a poll cycle
    Then the IPA sent nothing after S_eIM answered the GetEimPackageRequest
    And the IPA closed its logical channel on S_eUICC

  @id:IPAD-ESIPA-GETPKG-ERR-01 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:TTCN-TC_get_eim_pkg_req_rej
  Scenario: IPAD-ESIPA-GETPKG-ERR-01 eimPackageError undefinedError ends the poll cycle cleanly
    Given S_eIM answers the next GetEimPackageRequest with eimPackageError undefinedError
    When the IPA runs a poll cycle
    Then the IPA sent nothing after S_eIM answered the GetEimPackageRequest
    And S_eIM received exactly these ESipa requests:
      | GetEimPackageRequest |
    And the IPA closed its logical channel on S_eUICC

  @id:IPAD-ESIPA-GETPKG-NOM-03 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:SGP.32-3.1.1.1
  Scenario: IPAD-ESIPA-GETPKG-NOM-03 a later poll cycle asks again
    When the IPA runs a poll cycle
    And the IPA runs another poll cycle
    Then in the last poll cycle S_eIM received these ESipa requests in this order:
      | GetEimPackageRequest |
    And in the last poll cycle S_eUICC received these commands in this order:
      | MANAGE CHANNEL open            |
      | GetEimConfigurationDataRequest |
      | MANAGE CHANNEL close           |
