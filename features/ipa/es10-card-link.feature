# The IPA's ES10 link to S_eUICC (SGP.32 §5.1, ETSI TS 102 221): status words it must stop on, and
# commands and answers too long for one APDU (STORE DATA chaining, GET RESPONSE on 61xx).
Feature: IPAd ES10 over APDUs (STORE DATA, status words)

  @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:catalogue-2.2
  Scenario Outline: <id> S_eUICC answers the eUICC Package with status word <sw>: the IPA stops and closes its channel
    Given S_eIM has a PSMO "list profile information 1 times" queued for S_eUICC
    And S_eUICC answers the STORE DATA of the next EuiccPackageRequest with status word <sw>
    When the IPA runs a poll cycle
    Then S_eUICC received these commands in this order:
      | EuiccPackageRequest  |
      | MANAGE CHANNEL close |
    And S_eUICC received no NotificationSentRequest
    And S_eIM received no ProvideEimPackageResult

    @id:IPAD-ES10-SW-ERR-01
    Examples: wrong data
      | id                  | sw   |
      | IPAD-ES10-SW-ERR-01 | 6A80 |

    @id:IPAD-ES10-SW-ERR-02
    Examples: conditions of use not satisfied
      | id                  | sw   |
      | IPAD-ES10-SW-ERR-02 | 6985 |

  @id:IPAD-ES10-CHAIN-NOM-01 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:catalogue-2.2
  Scenario: IPAD-ES10-CHAIN-NOM-01 an eUICC Package over 255 bytes goes in chained STORE DATA, its long answer comes by GET RESPONSE
    Given S_eUICC holds 3 profiles, the first enabled
    And S_eIM has a PSMO "list profile information 60 times" queued for S_eUICC
    When the IPA runs a poll cycle
    Then S_eUICC received the EuiccPackageRequest in chained STORE DATA blocks
    And S_eUICC received the EuiccPackageRequest exactly as S_eIM sent it
    And the IPA fetched the answer to EuiccPackageRequest with GET RESPONSE
    And S_eIM received the answer of S_eUICC to EuiccPackageRequest unchanged in ProvideEimPackageResult
