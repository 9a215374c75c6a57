# SGP.32 §2.11.1.2 IpaEuiccDataRequest, IPAd side (osmo-ttcn3-hacks TC_proc_euicc_data_req): the IPA
# collects what the tagList names from S_eUICC and returns the card's data objects unchanged.
Feature: IPAd eUICC data request (ipaEuiccDataRequest → ipaEuiccDataResponse)

  @id:IPAD-ESIPA-EDR-NOM-01 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:TTCN-TC_proc_euicc_data_req
  Scenario: IPAD-ESIPA-EDR-NOM-01 the IPA reads EUICCInfo1, EUICCInfo2 and the certificates and returns them in ipaEuiccDataResponse
    Given S_eIM has an eUICC data request for "defaultSmdpAddress, euiccInfo1, euiccInfo2, euiccCertificate" queued for S_eUICC
    When the IPA runs a poll cycle
    Then S_eUICC received these commands in this order:
      | EuiccConfiguredAddressesRequest    |
      | GetEuiccInfo1Request               |
      | GetEuiccInfo2Request               |
      | GetCertsRequest                    |
      | MANAGE CHANNEL close               |
    And S_eIM received these ESipa requests in this order:
      | GetEimPackageRequest    |
      | ProvideEimPackageResult |
    And S_eIM received the answer of S_eUICC to GetEuiccInfo1Request unchanged in ProvideEimPackageResult
    And S_eIM received the answer of S_eUICC to GetEuiccInfo2Request unchanged in ProvideEimPackageResult

  @id:IPAD-ESIPA-EDR-ERR-01 @iut:ipa @sgp32:v1.2 @source:SGP.32-2.11.1.2
  Scenario: IPAD-ESIPA-EDR-ERR-01 a tagList naming no IpaEuiccData component is answered incorrectTagList(1)
    Given S_eIM has an eUICC data request for "euiccInfo1" queued for S_eUICC
    And S_eIM answers the next GetEimPackageRequest with the ESipa message '{"getEimPackageResponse": {"ipaEuiccDataRequest": {"tagList": "9F7F", "eimTransactionId": "0102030405060708"}}}'
    When the IPA runs a poll cycle
    Then S_eUICC received no GetEuiccInfo1Request
    And the first ProvideEimPackageResult S_eIM received matches:
      """
      { "eidValue": "<EID>", "eimPackageResult": { "ipaEuiccDataResponse": { "ipaEuiccDataResponseError": { "eimTransactionId": "0102030405060708", "ipaEuiccDataErrorCode": 1 } } } }
      """
