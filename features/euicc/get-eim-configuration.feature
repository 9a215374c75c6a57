Feature: ES10b.GetEimConfigurationData — the eIMs the eUICC knows
  SGP.32 v1.2 ES10b.GetEimConfigurationData (BF55), with and without the eimId search criterion.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile

  @id:EUICC-ES10-GETEIMCFG-NOM-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-GETEIMCFG-NOM-01 without a filter every configured eIM is listed
    Given S_eIM is associated with the eUICC
    And S_eIM has added the eIM "eim2.example.com" to the eUICC
    When S_IPA sends GetEimConfigurationData
    Then the eUICC answers the eIM configurations "eim.example.com, eim2.example.com"

  @id:EUICC-ES10-GETEIMCFG-NOM-02 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-GETEIMCFG-NOM-02 the eimId filter lists only that eIM
    Given S_eIM is associated with the eUICC
    And S_eIM has added the eIM "eim2.example.com" to the eUICC
    When S_IPA sends GetEimConfigurationData for the eIM "eim2.example.com"
    Then the eUICC answers the eIM configurations "eim2.example.com"

  @id:EUICC-ES10-GETEIMCFG-NOM-03 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-GETEIMCFG-NOM-03 a virgin eUICC lists no eIM
    When S_IPA sends GetEimConfigurationData
    Then the eUICC answers no eIM configuration

  @id:EUICC-ES10-GETEIMCFG-NOM-04 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-GETEIMCFG-NOM-04 an eimId the eUICC does not know lists nothing
    Given S_eIM is associated with the eUICC
    When S_IPA sends GetEimConfigurationData for the eIM "stranger.example.com"
    Then the eUICC answers no eIM configuration
