Feature: ES10b.GetEUICCInfo2 and ES10b.GetConnectivityParameters
  The SGP.32 additions to EUICCInfo2 (ipaMode, iotSpecificInfo) and the connectivity parameters (BF5F).

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile

  @id:EUICC-ES10-INFO2-NOM-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-INFO2-NOM-01 EUICCInfo2 reports ipaMode and iotSpecificInfo with an iotVersion
    When S_IPA sends GetEUICCInfo2
    Then the eUICC answers EUICCInfo2 with ipaMode and iotSpecificInfo

  @id:EUICC-ES10-CONN-NOM-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-CONN-NOM-01 GetConnectivityParameters answers httpParams or parametersNotAvailable
    When S_IPA sends GetConnectivityParameters
    Then the eUICC answers connectivity parameters or parametersNotAvailable
