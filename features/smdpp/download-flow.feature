Feature: SM-DP+ end-to-end profile download
  S_operator orders a profile on ES2+ (DownloadOrder, ConfirmOrder with release), then S_IPA runs the
  whole ES9+ download with S_eUICC: InitiateAuthentication, AuthenticateClient,
  GetBoundProfilePackage, the BPP loaded into S_eUICC, and the ProfileInstallationResult delivered
  by HandleNotification (SGP.22 §3.1.3, as SGP.32 IoT devices use it through their IPA).

  @id:DP-E2E-FLOW-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0
  Scenario Outline: DP-E2E-FLOW-NOM-01 ordered on ES2+, downloaded on ES9+ and installed on S_eUICC (<curve>)
    Given the SM-DP+ (IUT) serves S_eUICC on the <curve> curve
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication to the SM-DP+
    Then serverSignature1 verifies with the SM-DP+'s CERT.DPauth, which chains to the CI
    When S_IPA sends AuthenticateClient to the SM-DP+ for the order
    Then smdpSignature2 verifies with the SM-DP+'s CERT.DPpb, which chains to the CI
    When S_IPA sends GetBoundProfilePackage to the SM-DP+
    Then the SM-DP+'s Bound Profile Package installs on S_eUICC
    When S_IPA sends the ProfileInstallationResult in HandleNotification to the SM-DP+
    Then the SM-DP+ accepts it

    @optional:O_DP_NIST
    Examples: NIST
      | curve |
      | NIST  |
    @optional:O_DP_BRP
    Examples: BRP
      | curve |
      | BRP   |

  @id:DP-ES9P-MODE-NOM-01 @iut:smdpp @sgp32:v1.2 @sgp32:v1.0 @optional:O_DP_NIST @optional:O_DP_ASN1_BINDING
  Scenario: DP-ES9P-MODE-NOM-01 the whole download over the ASN.1 binding installs like over JSON
    Given the SM-DP+ (IUT) serves S_eUICC on the NIST curve
    And S_IPA uses the ASN.1 binding towards the SM-DP+
    And S_operator has a released download order on the SM-DP+
    When S_IPA sends InitiateAuthentication to the SM-DP+
    Then serverSignature1 verifies with the SM-DP+'s CERT.DPauth, which chains to the CI
    When S_IPA sends AuthenticateClient to the SM-DP+ for the order
    Then smdpSignature2 verifies with the SM-DP+'s CERT.DPpb, which chains to the CI
    When S_IPA sends GetBoundProfilePackage to the SM-DP+
    Then the SM-DP+'s Bound Profile Package installs on S_eUICC
    When S_IPA sends the ProfileInstallationResult in HandleNotification to the SM-DP+
    Then the SM-DP+ accepts it
