Feature: Profile download through the eUICC
  SGP.22 download as an IPAd runs it against S_SM-DP+ (AuthenticateServer, PrepareDownload,
  LoadBoundProfilePackage): the eUICC installs the profile and answers a signed PIR.

  Background:
    Given the eUICC is reset to a known state with no eIM and no operational profile

  Scenario Outline: EUICC-ES10-DOWNLOAD-NOM-01 a BPP from S_SM-DP+ on <curve> is installed with a successful PIR
    When S_IPA downloads profile A from S_SM-DP+ on <curve>
    Then the eUICC answers a successful ProfileInstallationResult for profile A signed with its <curve> certificate
    And profile A is disabled on the eUICC

    @id:EUICC-ES10-DOWNLOAD-NOM-01 @iut:euicc @sgp32:v1.2
    Examples: NIST
      | curve |
      | NIST  |

    @id:EUICC-ES10-DOWNLOAD-NOM-01 @iut:euicc @sgp32:v1.2
    Examples: BRP
      | curve |
      | BRP   |
