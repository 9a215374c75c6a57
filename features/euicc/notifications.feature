Feature: eUICC Package Results in the notification list
  SGP.32 v1.2 ES10b.RetrieveNotificationsList with searchCriteria euiccPackageResults (euiccPackageResultList)
  and ES10b.RemoveNotificationFromList for a delivered result.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile
    And the eUICC holds profile "A" downloaded from S_SM-DP+
    And S_eIM is associated with the eUICC

  @id:EUICC-ES10-NOTIF-NOM-01 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-NOTIF-NOM-01 the result of a package is kept in euiccPackageResultList until removed
    When S_eIM sends a package to enable profile A
    Then the eUICC answers a signed eUICC Package Result with enableResult = ok(0)
    And the eUICC lists the last eUICC Package Result among its stored results
    When S_IPA removes the last eUICC Package Result from the notification list
    Then the eUICC answers deleteNotificationStatus = ok(0)
    And the eUICC no longer lists the last eUICC Package Result

  @id:EUICC-ES10-NOTIF-NOM-02 @iut:euicc @sgp32:v1.2
  Scenario: EUICC-ES10-NOTIF-NOM-02 an error answer is not stored as a result
    When S_eIM sends a package to enable profile A for another EID
    And S_IPA sends RetrieveNotificationsList for eUICC Package Results
    Then the eUICC answers an empty euiccPackageResultList
