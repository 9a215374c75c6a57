Feature: ESipa.GetEimPackage — the eIM answers an IPA's poll (SGP.32 §5.14.3)
  S_IPA polls the eIM under test for the S_eUICC it serves; with nothing queued, or for an EID the
  eIM cannot serve, the eIM answers an eimPackageError instead of a package.

  Background:
    Given the eIM under test is associated with a fresh S_eUICC

  @id:EIM-ESIPA-GETPKG-NOM-02 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:onomondo-eim
  Scenario: EIM-ESIPA-GETPKG-NOM-02 nothing queued for a known EID
    When S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers eimPackageError noEimPackageAvailable

  @id:EIM-ESIPA-GETPKG-NOM-01 @iut:eim @sgp32:v1.2 @source:osmo-ttcn3-hacks
  Scenario: EIM-ESIPA-GETPKG-NOM-01 a state change notified with nothing queued
    When S_IPA requests an eIM Package notifying the state change "deviceChange"
    Then the eIM answers eimPackageError noEimPackageAvailable

  @id:EIM-ESIPA-GETPKG-ERR-01 @iut:eim @sgp32:v1.2
  Scenario: EIM-ESIPA-GETPKG-ERR-01 an EID the eIM does not manage
    When S_IPA requests an eIM Package for an unknown EID
    Then the eIM answers eimPackageError eidNotFound

  @id:EIM-ESIPA-GETPKG-ERR-02 @iut:eim @sgp32:v1.2
  Scenario: EIM-ESIPA-GETPKG-ERR-02 a malformed eidValue (15 bytes)
    When S_IPA requests an eIM Package with a malformed EID
    Then the eIM answers eimPackageError invalidEid

  @id:EIM-ESIPA-GETPKG-ERR-03 @iut:eim @sgp32:v1.2
  Scenario: EIM-ESIPA-GETPKG-ERR-03 no eidValue at all
    When S_IPA requests an eIM Package without an EID
    Then the eIM answers eimPackageError missingEid
