# What the IPA does with an S_eIM that breaks the ESipa binding (SGP.32 §6.1; catalogue §2.2 and §5):
# HTTP errors, bodies that are not the expected ASN.1, a wrong Content-Type, no answer at all. The
# IPA must end the procedure without sending the eUICC anything of it, and survive for the next cycle.
Feature: IPAd ESipa transport errors (ASN.1 binding over HTTPS)

  @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:catalogue-2.2
  Scenario Outline: <id> S_eIM answers GetEimPackageRequest with <answer>: the IPA stops and polls again next cycle
    Given S_eIM has a PSMO "list profile information 1 times" queued for S_eUICC
    And S_eIM answers the next GetEimPackageRequest with "<answer>"
    When the IPA runs a poll cycle
    Then the IPA sent nothing after S_eIM answered the GetEimPackageRequest
    And S_eUICC received no EuiccPackageRequest
    And the IPA closed its logical channel on S_eUICC
    When the IPA runs another poll cycle
    Then in the last poll cycle S_eIM received these ESipa requests in this order:
      | GetEimPackageRequest |

    @id:IPAD-ESIPA-HTTP-ERR-01
    Examples: HTTP 500
      | id                     | answer   |
      | IPAD-ESIPA-HTTP-ERR-01 | HTTP 500 |

    @id:IPAD-ESIPA-HTTP-ERR-03
    Examples: HTTP 400
      | id                     | answer   |
      | IPAD-ESIPA-HTTP-ERR-03 | HTTP 400 |

    @id:IPAD-ESIPA-HTTP-ERR-04
    Examples: not ASN.1
      | id                     | answer                   |
      | IPAD-ESIPA-HTTP-ERR-04 | a body that is not ASN.1 |

    @id:IPAD-ESIPA-HTTP-ERR-02
    Examples: wrong Content-Type
      | id                     | answer                         |
      | IPAD-ESIPA-HTTP-ERR-02 | Content-Type text/plain |

    @id:IPAD-ESIPA-ASN1-ERR-01
    Examples: malformed DER
      | id                     | answer        |
      | IPAD-ESIPA-ASN1-ERR-01 | malformed DER |

    @id:IPAD-ESIPA-ASN1-ERR-02
    Examples: unknown message
      | id                     | answer                  |
      | IPAD-ESIPA-ASN1-ERR-02 | an unknown ESipa message |

    @id:IPAD-ESIPA-TIMEOUT-ERR-01
    Examples: no answer
      | id                        | answer    |
      | IPAD-ESIPA-TIMEOUT-ERR-01 | no answer |

  @id:IPAD-ESIPA-TIMEOUT-ERR-02 @iut:ipa @sgp32:v1.2 @sgp32:v1.0 @source:catalogue-2.2
  Scenario: IPAD-ESIPA-TIMEOUT-ERR-02 S_eIM never answers ProvideEimPackageResult: the IPA keeps the notifications and delivers them next cycle
    Given S_eUICC holds 2 disabled profiles that ask for notificationEnable notifications
    And S_eIM has a PSMO "enable the first profile" queued for S_eUICC
    And S_eIM answers the next ProvideEimPackageResult with "no answer"
    When the IPA runs a poll cycle
    Then S_eUICC received these commands in this order:
      | EuiccPackageRequest  |
      | MANAGE CHANNEL close |
    And S_eUICC received no NotificationSentRequest
    When the IPA runs another poll cycle
    Then in the last poll cycle S_eIM received these ESipa requests in this order:
      | HandleNotificationEsipa |
