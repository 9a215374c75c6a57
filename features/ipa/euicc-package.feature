# SGP.32 §3.3.1 Generic eUICC Package Download and Execution, IPAd side (osmo-ttcn3-hacks
# TC_proc_euicc_pkg_dwnld_exec and …_rollback), and eUICC Package errors relayed unchanged.
Feature: IPAd eUICC Package execution (ES10b.LoadEuiccPackage, ESipa.ProvideEimPackageResult)

  @id:IPAD-ESIPA-PSMO-NOM-01 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:TTCN-TC_proc_euicc_pkg_dwnld_exec
  Scenario: IPAD-ESIPA-PSMO-NOM-01 a PSMO goes to S_eUICC unchanged, its result and notifications to S_eIM, acknowledged ones are removed
    Given S_eUICC holds 2 disabled profiles that ask for notificationEnable notifications
    And S_eIM has a PSMO "enable the first profile" queued for S_eUICC
    When the IPA runs a poll cycle
    Then S_eUICC received these commands in this order:
      | EuiccPackageRequest              |
      | RetrieveNotificationsListRequest |
      | NotificationSentRequest          |
      | MANAGE CHANNEL close             |
    And S_eUICC received the EuiccPackageRequest exactly as S_eIM sent it
    And S_eIM received these ESipa requests in this order:
      | GetEimPackageRequest    |
      | ProvideEimPackageResult |
    And S_eIM received the answer of S_eUICC to EuiccPackageRequest unchanged in ProvideEimPackageResult
    And S_eUICC received a NotificationSentRequest for every seqNumber S_eIM acknowledged

  @id:IPAD-ESIPA-PSMO-RTY-01 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:TTCN-TC_proc_euicc_pkg_dwnld_exec_rollback
  Scenario: IPAD-ESIPA-PSMO-RTY-01 S_eIM is lost after an enable with rollback: ProfileRollback, then the rollback result is provided
    Given S_eUICC holds 2 profiles, the first enabled
    And S_eIM has a PSMO "enable the second profile with rollback" queued for S_eUICC
    And S_eIM answers the next ProvideEimPackageResult with "a dropped connection"
    When the IPA runs a poll cycle
    Then S_eUICC received these commands in this order:
      | EuiccPackageRequest              |
      | ProfileRollbackRequest           |
      | RetrieveNotificationsListRequest |
      | MANAGE CHANNEL close             |
    And S_eIM received these ESipa requests in this order:
      | GetEimPackageRequest    |
      | ProvideEimPackageResult |
      | ProvideEimPackageResult |
    And S_eIM received the answer of S_eUICC to EuiccPackageRequest unchanged in ProvideEimPackageResult

  @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:catalogue-2.2
  Scenario Outline: <id> an eUICC Package S_eUICC refuses (<defect>): its error goes to S_eIM unchanged
    Given S_eUICC holds 1 disabled profile that asks for notificationEnable notifications
    And S_eIM signs the next eUICC Package with "<defect>"
    And S_eIM has a PSMO "enable the first profile" queued for S_eUICC
    When the IPA runs a poll cycle
    Then S_eUICC received the EuiccPackageRequest exactly as S_eIM sent it
    And S_eIM received the answer of S_eUICC to EuiccPackageRequest unchanged in ProvideEimPackageResult
    And the first EuiccPackageRequest S_eUICC received matches:
      """
      { "euiccPackageSigned": { "eidValue": "<EID>" } }
      """

    @id:IPAD-ESIPA-PSMO-ERR-01
    Examples: signed error
      | id                     | defect                  |
      | IPAD-ESIPA-PSMO-ERR-01 | a replayed counterValue |

    @id:IPAD-ESIPA-PSMO-ERR-02
    Examples: unsigned error
      | id                     | defect                   |
      | IPAD-ESIPA-PSMO-ERR-02 | a corrupted eimSignature |
