Feature: ESipa over HTTPS — the eIM's endpoint against malformed requests, and the JSON binding (SGP.32 §6.1)
  Requests built wrong on purpose must be refused at the HTTP level without breaking the eIM; the
  connection stays usable for the next well-formed request.

  Background:
    Given the eIM under test is associated with a fresh S_eUICC

  @id:EIM-ESIPA-ASN1-ERR-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:onomondo-eim
  Scenario: EIM-ESIPA-ASN1-ERR-01 a body that is not DER, then a good request
    When S_IPA posts bytes that are not DER to the eIM's ESipa ASN.1 endpoint
    Then the eIM answers HTTP 400
    When S_IPA posts a well-formed GetEimPackageRequest to the eIM
    Then the eIM answers HTTP 200 with a GetEimPackageResponse

  @id:EIM-HTTP-CT-ERR-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:onomondo-eim
  Scenario: EIM-HTTP-CT-ERR-01 a wrong Content-Type
    When S_IPA posts a GetEimPackageRequest with Content-Type "text/plain"
    Then the eIM answers HTTP 415

  @id:EIM-HTTP-HDR-ERR-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0 @source:onomondo-eim
  Scenario: EIM-HTTP-HDR-ERR-01 no X-Admin-Protocol header
    When S_IPA posts a GetEimPackageRequest without X-Admin-Protocol
    Then the eIM answers HTTP 400

  @id:EIM-ESIPA-JSON-NOM-01 @iut:eim @sgp32:v1.2 @optional:O_EIM_ESIPA_JSON
  Scenario: EIM-ESIPA-JSON-NOM-01 GetEimPackage over the JSON binding
    When S_IPA requests an eIM Package over the JSON binding
    Then the eIM answers eimPackageError noEimPackageAvailable

  @id:EIM-TLS-ESIPA-NOM-01 @iut:eim @sgp32:v1.2 @sgp32:v1.0
  Scenario: EIM-TLS-ESIPA-NOM-01 TLS with a server certificate chaining to the configured trust anchor
    When S_IPA requests an eIM Package for the S_eUICC
    Then the eIM answers eimPackageError noEimPackageAvailable
