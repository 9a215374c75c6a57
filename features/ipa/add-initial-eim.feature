# SGP.32 §3.5.1 (ES10b.AddInitialEim): an IPA given an eIM configuration for a card without eIM adds
# it before its first poll (onomondo-ipa `-f`, sample contrib/sample_eim_cfg.ber), then polls that eIM.
Feature: IPAd initial eIM configuration (ES10b.AddInitialEim)

  @id:IPAD-ES10-INIT-NOM-01 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @optional:O_I_ADD_INITIAL_EIM @source:onomondo-ipa
  Scenario: IPAD-ES10-INIT-NOM-01 on a virgin S_eUICC the IPA sends the given AddInitialEim, then polls the eIM it added
    Given S_eUICC has no eIM configured
    And the IPA is given the AddInitialEimRequest of S_eIM
    And S_eIM has no eIM Package for S_eUICC
    When the IPA runs a poll cycle
    Then S_eUICC received the AddInitialEimRequest of S_eIM unchanged
    And S_eUICC holds the eIM of S_eIM with an associationToken
    When the IPA runs another poll cycle
    Then in the last poll cycle the first GetEimPackageRequest S_eIM received matches:
      """
      { "eidValue": "<EID>" }
      """
