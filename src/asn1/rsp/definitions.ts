/**
 * RSPDefinitions from GSMA SGP.22 v2.5: every type assignment of the module, in module order,
 * written in the schema DSL (value assignments and the OPENTYPE class are left out).
 */
import {
  ModuleDef, any, app, bits, bool, choice, dflt, int, octets, oid, opt, priv, ref, seq, seqOf, tag, utf8,
} from '../schema';
import { PKIX1Explicit88, PKIX1Implicit88 } from '../pkix/modules';
import { PEDefinitions } from './pe';

/** Named numbers that code outside the codec needs by name (S_eUICC's ProfileInstallationResult). */
export const BPP_COMMAND_ID = {
  initialiseSecureChannel: 0,
  configureISDP: 1,
  storeMetadata: 2,
  storeMetadata2: 3,
  replaceSessionKeys: 4,
  loadProfileElements: 5,
} as const;

export const ERROR_REASON = {
  incorrectInputValues: 1,
  invalidSignature: 2,
  invalidTransactionId: 3,
  unsupportedCrtValues: 4,
  unsupportedRemoteOperationType: 5,
  unsupportedProfileClass: 6,
  scp03tStructureError: 7,
  scp03tSecurityError: 8,
  installFailedDueToIccidAlreadyExistsOnEuicc: 9,
  installFailedDueToInsufficientMemoryForProfile: 10,
  installFailedDueToInterruption: 11,
  installFailedDueToPEProcessingError: 12,
  installFailedDueToDataMismatch: 13,
  testProfileInstallFailedDueToInvalidNaaKey: 14,
  pprNotAllowed: 15,
  installFailedDueToUnknownError: 127,
} as const;

export const RSPDefinitions: ModuleDef = {
  name: 'RSPDefinitions',
  version: 'v2.5',
  automaticTags: true,
  extensibilityImplied: true,
  imports: [PKIX1Explicit88, PKIX1Implicit88, { from: PEDefinitions, names: ['UICCCapability'] }],
  types: {
    Octet8: octets(8),
    Octet4: octets(4),
    Octet16: octets(16),
    OctetTo16: octets(1, 16),
    Octet32: octets(32),
    Octet1: octets(1),
    Octet2: octets(2),
    VersionType: octets(3),
    Iccid: app(26, octets(10)),
    RemoteOpId: tag(2, int({ installBoundProfilePackage: 1 })),
    TransactionId: octets(1, 16),

    GetEuiccInfo1Request: tag(32, seq({})),
    EUICCInfo1: tag(32, seq({
      svn: tag(2, ref('VersionType')),
      euiccCiPKIdListForVerification: tag(9, seqOf(ref('SubjectKeyIdentifier'))),
      euiccCiPKIdListForSigning: tag(10, seqOf(ref('SubjectKeyIdentifier'))),
    })),

    GetEuiccInfo2Request: tag(34, seq({})),
    EUICCInfo2: tag(34, seq({
      profileVersion: tag(1, ref('VersionType')),
      svn: tag(2, ref('VersionType')),
      euiccFirmwareVer: tag(3, ref('VersionType')),
      extCardResource: tag(4, octets()),
      uiccCapability: tag(5, ref('UICCCapability')),
      ts102241Version: opt(tag(6, ref('VersionType'))),
      globalplatformVersion: opt(tag(7, ref('VersionType'))),
      rspCapability: tag(8, ref('RspCapability')),
      euiccCiPKIdListForVerification: tag(9, seqOf(ref('SubjectKeyIdentifier'))),
      euiccCiPKIdListForSigning: tag(10, seqOf(ref('SubjectKeyIdentifier'))),
      euiccCategory: opt(tag(11, int({ other: 0, basicEuicc: 1, mediumEuicc: 2, contactlessEuicc: 3 }))),
      forbiddenProfilePolicyRules: opt(tag(25, ref('PprIds'))),
      ppVersion: ref('VersionType'),
      sasAcreditationNumber: utf8(0, 64),
      certificationDataObject: opt(tag(12, ref('CertificationDataObject'))),
      treProperties: opt(tag(13, bits({ isDiscrete: 0, isIntegrated: 1, usesRemoteMemory: 2 }))),
      treProductReference: opt(tag(14, utf8())),
      additionalEuiccProfilePackageVersions: opt(tag(15, seqOf(ref('VersionType')))),
    })),

    RspCapability: bits({
      additionalProfile: 0,
      crlSupport: 1,
      rpmSupport: 2,
      testProfileSupport: 3,
      deviceInfoExtensibilitySupport: 4,
      serviceSpecificDataSupport: 5,
    }),

    CertificationDataObject: seq({
      platformLabel: utf8(),
      discoveryBaseURL: utf8(),
    }),

    CertificateInfo: bits({
      reserved: 0,
      certSigningX509: 1,
      rfu2: 2,
      rfu3: 3,
      reserved2: 4,
      certVerificationX509: 5,
    }),

    DeviceInfo: seq({
      tac: ref('Octet4'),
      deviceCapabilities: ref('DeviceCapabilities'),
      imei: opt(ref('Octet8')),
    }),

    DeviceCapabilities: seq({
      gsmSupportedRelease: opt(ref('VersionType')),
      utranSupportedRelease: opt(ref('VersionType')),
      cdma2000onexSupportedRelease: opt(ref('VersionType')),
      cdma2000hrpdSupportedRelease: opt(ref('VersionType')),
      cdma2000ehrpdSupportedRelease: opt(ref('VersionType')),
      eutranEpcSupportedRelease: opt(ref('VersionType')),
      contactlessSupportedRelease: opt(ref('VersionType')),
      rspCrlSupportedVersion: opt(ref('VersionType')),
      nrEpcSupportedRelease: opt(ref('VersionType')),
      nr5gcSupportedRelease: opt(ref('VersionType')),
      eutran5gcSupportedRelease: opt(ref('VersionType')),
      lpaSvn: opt(ref('VersionType')),
      catSupportedClasses: opt(ref('CatSupportedClasses')),
      euiccFormFactorType: opt(ref('EuiccFormFactorType')),
      deviceAdditionalFeatureSupport: opt(ref('DeviceAdditionalFeatureSupport')),
    }),

    DeviceAdditionalFeatureSupport: seq({
      naiSupport: opt(ref('VersionType')),
    }),

    CatSupportedClasses: bits(),
    EuiccFormFactorType: int(),

    ProfileInfoListRequest: tag(45, seq({
      searchCriteria: opt(tag(0, choice({
        isdpAid: app(15, ref('OctetTo16')),
        iccid: ref('Iccid'),
        profileClass: tag(21, ref('ProfileClass')),
      }))),
      tagList: opt(app(28, octets())),
    })),

    ProfileInfoListResponse: tag(45, choice({
      profileInfoListOk: seqOf(ref('ProfileInfo')),
      profileInfoListError: ref('ProfileInfoListError'),
    })),

    ProfileInfo: priv(3, seq({
      iccid: opt(ref('Iccid')),
      isdpAid: opt(app(15, ref('OctetTo16'))),
      profileState: opt(tag(112, ref('ProfileState'))),
      profileNickname: opt(tag(16, utf8(0, 64))),
      serviceProviderName: opt(tag(17, utf8(0, 32))),
      profileName: opt(tag(18, utf8(0, 64))),
      iconType: opt(tag(19, ref('IconType'))),
      icon: opt(tag(20, octets(0, 1024))),
      profileClass: opt(tag(21, ref('ProfileClass'))),
      notificationConfigurationInfo: opt(tag(22, seqOf(ref('NotificationConfigurationInformation')))),
      profileOwner: opt(tag(23, ref('OperatorId'))),
      dpProprietaryData: opt(tag(24, ref('DpProprietaryData'))),
      profilePolicyRules: opt(tag(25, ref('PprIds'))),
      serviceSpecificDataStoredInEuicc: opt(tag(34, ref('VendorSpecificExtension'))),
    })),

    PprIds: bits({ pprUpdateControl: 0, ppr1: 1, ppr2: 2 }),

    OperatorId: seq({
      mccMnc: octets(3),
      gid1: opt(octets()),
      gid2: opt(octets()),
    }),

    ProfileInfoListError: int({ incorrectInputValues: 1, undefinedError: 127 }),

    StoreMetadataRequest: tag(37, seq({
      iccid: ref('Iccid'),
      serviceProviderName: tag(17, utf8(0, 32)),
      profileName: tag(18, utf8(0, 64)),
      iconType: opt(tag(19, ref('IconType'))),
      icon: opt(tag(20, octets(0, 1024))),
      profileClass: dflt(tag(21, ref('ProfileClass')), 2),
      notificationConfigurationInfo: opt(tag(22, seqOf(ref('NotificationConfigurationInformation')))),
      profileOwner: opt(tag(23, ref('OperatorId'))),
      profilePolicyRules: opt(tag(25, ref('PprIds'))),
      serviceSpecificDataStoredInEuicc: opt(tag(34, ref('VendorSpecificExtension'))),
      serviceSpecificDataNotStoredInEuicc: opt(tag(35, ref('VendorSpecificExtension'))),
    })),

    NotificationEvent: bits({
      notificationInstall: 0,
      notificationEnable: 1,
      notificationDisable: 2,
      notificationDelete: 3,
    }),

    NotificationConfigurationInformation: seq({
      profileManagementOperation: ref('NotificationEvent'),
      notificationAddress: utf8(),
    }),

    VendorSpecificExtension: seqOf(seq({
      vendorOid: tag(0, oid()), // OPENTYPE.&typeId
      vendorSpecificData: tag(1, any()), // OPENTYPE.&Type: open type, its tag is always explicit (X.680 31.2.7)
    })),

    IconType: int({ jpg: 0, png: 1 }),
    ProfileState: int({ disabled: 0, enabled: 1 }),
    ProfileClass: int({ test: 0, provisioning: 1, operational: 2 }),

    UpdateMetadataRequest: tag(42, seq({
      serviceProviderName: opt(tag(17, utf8(0, 32))),
      profileName: opt(tag(18, utf8(0, 64))),
      iconType: opt(tag(19, ref('IconType'))),
      icon: opt(tag(20, octets(0, 1024))),
      profilePolicyRules: opt(tag(25, ref('PprIds'))),
      serviceSpecificDataStoredInEuicc: opt(tag(34, ref('VendorSpecificExtension'))),
    })),

    PrepareDownloadRequest: tag(33, seq({
      smdpSigned2: ref('SmdpSigned2'),
      smdpSignature2: app(55, octets()),
      hashCc: opt(ref('Octet32')),
      smdpCertificate: ref('Certificate'),
    })),

    SmdpSigned2: seq({
      transactionId: tag(0, ref('TransactionId')),
      ccRequiredFlag: bool(),
      bppEuiccOtpk: opt(app(73, octets())),
    }),

    PrepareDownloadResponse: tag(33, choice({
      downloadResponseOk: ref('PrepareDownloadResponseOk'),
      downloadResponseError: ref('PrepareDownloadResponseError'),
    })),

    PrepareDownloadResponseOk: seq({
      euiccSigned2: ref('EUICCSigned2'),
      euiccSignature2: app(55, octets()),
    }),

    EUICCSigned2: seq({
      transactionId: tag(0, ref('TransactionId')),
      euiccOtpk: app(73, octets()),
      hashCc: opt(ref('Octet32')),
    }),

    PrepareDownloadResponseError: seq({
      transactionId: tag(0, ref('TransactionId')),
      downloadErrorCode: ref('DownloadErrorCode'),
    }),

    DownloadErrorCode: int({
      invalidCertificate: 1,
      invalidSignature: 2,
      unsupportedCurve: 3,
      noSessionContext: 4,
      invalidTransactionId: 5,
      undefinedError: 127,
    }),

    AuthenticateServerRequest: tag(56, seq({
      serverSigned1: ref('ServerSigned1'),
      serverSignature1: app(55, octets()),
      euiccCiPKIdToBeUsed: ref('SubjectKeyIdentifier'),
      serverCertificate: ref('Certificate'),
      ctxParams1: ref('CtxParams1'),
    })),

    ServerSigned1: seq({
      transactionId: tag(0, ref('TransactionId')),
      euiccChallenge: tag(1, ref('Octet16')),
      serverAddress: tag(3, utf8()),
      serverChallenge: tag(4, ref('Octet16')),
    }),

    CtxParams1: choice({
      ctxParamsForCommonAuthentication: ref('CtxParamsForCommonAuthentication'),
    }),

    CtxParamsForCommonAuthentication: seq({
      matchingId: opt(utf8()),
      deviceInfo: ref('DeviceInfo'),
    }),

    AuthenticateServerResponse: tag(56, choice({
      authenticateResponseOk: ref('AuthenticateResponseOk'),
      authenticateResponseError: ref('AuthenticateResponseError'),
    })),

    AuthenticateResponseOk: seq({
      euiccSigned1: ref('EuiccSigned1'),
      euiccSignature1: app(55, octets()),
      euiccCertificate: ref('Certificate'),
      eumCertificate: ref('Certificate'),
    }),

    EuiccSigned1: seq({
      transactionId: tag(0, ref('TransactionId')),
      serverAddress: tag(3, utf8()),
      serverChallenge: tag(4, ref('Octet16')),
      euiccInfo2: tag(34, ref('EUICCInfo2')),
      ctxParams1: ref('CtxParams1'),
    }),

    AuthenticateResponseError: seq({
      transactionId: tag(0, ref('TransactionId')),
      authenticateErrorCode: ref('AuthenticateErrorCode'),
    }),

    AuthenticateErrorCode: int({
      invalidCertificate: 1,
      invalidSignature: 2,
      unsupportedCurve: 3,
      noSessionContext: 4,
      invalidOid: 5,
      euiccChallengeMismatch: 6,
      ciPKUnknown: 7,
      undefinedError: 127,
    }),

    CancelSessionRequest: tag(65, seq({
      transactionId: ref('TransactionId'),
      reason: ref('CancelSessionReason'),
    })),

    CancelSessionReason: int({
      endUserRejection: 0,
      postponed: 1,
      timeout: 2,
      pprNotAllowed: 3,
      metadataMismatch: 4,
      loadBppExecutionError: 5,
      undefinedReason: 127,
    }),

    CancelSessionResponse: tag(65, choice({
      cancelSessionResponseOk: ref('CancelSessionResponseOk'),
      cancelSessionResponseError: int({ invalidTransactionId: 5, undefinedError: 127 }),
    })),

    CancelSessionResponseOk: seq({
      euiccCancelSessionSigned: ref('EuiccCancelSessionSigned'),
      euiccCancelSessionSignature: app(55, octets()),
    }),

    EuiccCancelSessionSigned: seq({
      transactionId: ref('TransactionId'),
      smdpOid: oid(),
      reason: ref('CancelSessionReason'),
    }),

    BoundProfilePackage: tag(54, seq({
      initialiseSecureChannelRequest: tag(35, ref('InitialiseSecureChannelRequest')),
      firstSequenceOf87: tag(0, seqOf(tag(7, octets()))),
      sequenceOf88: tag(1, seqOf(tag(8, octets()))),
      secondSequenceOf87: opt(tag(2, seqOf(tag(7, octets())))),
      sequenceOf86: tag(3, seqOf(tag(6, octets()))),
    })),

    GetEuiccChallengeRequest: tag(46, seq({})),
    GetEuiccChallengeResponse: tag(46, seq({
      euiccChallenge: ref('Octet16'),
    })),

    ProfileInstallationResult: tag(55, seq({
      profileInstallationResultData: tag(39, ref('ProfileInstallationResultData')),
      euiccSignPIR: ref('EuiccSignPIR'),
    })),

    ProfileInstallationResultData: tag(39, seq({
      transactionId: tag(0, ref('TransactionId')),
      notificationMetadata: tag(47, ref('NotificationMetadata')),
      smdpOid: oid(),
      finalResult: tag(2, choice({
        successResult: ref('SuccessResult'),
        errorResult: ref('ErrorResult'),
      })),
    })),

    EuiccSignPIR: app(55, octets()),

    SuccessResult: seq({
      aid: app(15, octets(5, 16)),
      simaResponse: octets(),
    }),

    ErrorResult: seq({
      bppCommandId: ref('BppCommandId'),
      errorReason: ref('ErrorReason'),
      simaResponse: opt(octets()),
    }),

    BppCommandId: int(BPP_COMMAND_ID),

    ErrorReason: int(ERROR_REASON),

    ListNotificationRequest: tag(40, seq({
      profileManagementOperation: opt(tag(1, ref('NotificationEvent'))),
    })),

    ListNotificationResponse: tag(40, choice({
      notificationMetadataList: seqOf(ref('NotificationMetadata')),
      listNotificationsResultError: int({ undefinedError: 127 }),
    })),

    NotificationMetadata: tag(47, seq({
      seqNumber: tag(0, int()),
      profileManagementOperation: tag(1, ref('NotificationEvent')),
      notificationAddress: utf8(),
      iccid: opt(ref('Iccid')),
    })),

    SetNicknameRequest: tag(41, seq({
      iccid: ref('Iccid'),
      profileNickname: tag(16, utf8(0, 64)),
    })),

    SetNicknameResponse: tag(41, seq({
      setNicknameResult: int({ ok: 0, iccidNotFound: 1, undefinedError: 127 }),
    })),

    InitialiseSecureChannelRequest: tag(35, seq({
      remoteOpId: ref('RemoteOpId'),
      transactionId: tag(0, ref('TransactionId')),
      controlRefTemplate: tag(6, ref('ControlRefTemplate'), 'implicit'),
      smdpOtpk: app(73, octets()),
      smdpSign: app(55, octets()),
    })),

    ControlRefTemplate: seq({
      keyType: tag(0, ref('Octet1')),
      keyLen: tag(1, ref('Octet1')),
      hostId: tag(4, ref('OctetTo16')),
    }),

    ConfigureISDPRequest: tag(36, seq({
      dpProprietaryData: opt(tag(24, ref('DpProprietaryData'))),
    })),

    DpProprietaryData: seq({
      dpOid: oid(),
    }),

    ReplaceSessionKeysRequest: tag(38, seq({
      initialMacChainingValue: octets(),
      ppkEnc: octets(),
      ppkCmac: octets(),
    })),

    RetrieveNotificationsListRequest: tag(43, seq({
      searchCriteria: opt(choice({
        seqNumber: tag(0, int()),
        profileManagementOperation: tag(1, ref('NotificationEvent')),
      })),
    })),

    RetrieveNotificationsListResponse: tag(43, choice({
      notificationList: seqOf(ref('PendingNotification')),
      notificationsListResultError: int({ undefinedError: 127 }),
    })),

    PendingNotification: choice({
      profileInstallationResult: tag(55, ref('ProfileInstallationResult')),
      otherSignedNotification: ref('OtherSignedNotification'),
    }),

    OtherSignedNotification: seq({
      tbsOtherNotification: ref('NotificationMetadata'),
      euiccNotificationSignature: app(55, octets()),
      euiccCertificate: ref('Certificate'),
      eumCertificate: ref('Certificate'),
    }),

    NotificationSentRequest: tag(48, seq({
      seqNumber: tag(0, int()),
    })),

    NotificationSentResponse: tag(48, seq({
      deleteNotificationStatus: int({ ok: 0, nothingToDelete: 1, undefinedError: 127 }),
    })),

    EnableProfileRequest: tag(49, seq({
      profileIdentifier: choice({
        isdpAid: app(15, ref('OctetTo16')),
        iccid: ref('Iccid'),
      }),
      refreshFlag: bool(),
    })),

    EnableProfileResponse: tag(49, seq({
      enableResult: int({
        ok: 0,
        iccidOrAidNotFound: 1,
        profileNotInDisabledState: 2,
        disallowedByPolicy: 3,
        wrongProfileReenabling: 4,
        catBusy: 5,
        undefinedError: 127,
      }),
    })),

    DisableProfileRequest: tag(50, seq({
      profileIdentifier: choice({
        isdpAid: app(15, ref('OctetTo16')),
        iccid: ref('Iccid'),
      }),
      refreshFlag: bool(),
    })),

    DisableProfileResponse: tag(50, seq({
      disableResult: int({
        ok: 0,
        iccidOrAidNotFound: 1,
        profileNotInEnabledState: 2,
        disallowedByPolicy: 3,
        catBusy: 5,
        undefinedError: 127,
      }),
    })),

    DeleteProfileRequest: tag(51, choice({
      isdpAid: app(15, ref('OctetTo16')),
      iccid: ref('Iccid'),
    })),

    DeleteProfileResponse: tag(51, seq({
      deleteResult: int({
        ok: 0,
        iccidOrAidNotFound: 1,
        profileNotInDisabledState: 2,
        disallowedByPolicy: 3,
        undefinedError: 127,
      }),
    })),

    EuiccMemoryResetRequest: tag(52, seq({
      resetOptions: tag(2, bits({
        deleteOperationalProfiles: 0,
        deleteFieldLoadedTestProfiles: 1,
        resetDefaultSmdpAddress: 2,
      })),
    })),

    EuiccMemoryResetResponse: tag(52, seq({
      resetResult: int({ ok: 0, nothingToDelete: 1, catBusy: 5, undefinedError: 127 }),
    })),

    GetEuiccDataRequest: tag(62, seq({
      tagList: app(28, ref('Octet1')),
    })),

    GetEuiccDataResponse: tag(62, seq({
      eidValue: app(26, ref('Octet16')),
    })),

    GetRatRequest: tag(67, seq({})),

    GetRatResponse: tag(67, seq({
      rat: ref('RulesAuthorisationTable'),
    })),

    RulesAuthorisationTable: seqOf(ref('ProfilePolicyAuthorisationRule')),
    ProfilePolicyAuthorisationRule: seq({
      pprIds: ref('PprIds'),
      allowedOperators: seqOf(ref('OperatorId')),
      pprFlags: bits({ consentRequired: 0 }),
    }),

    SegmentedCrlList: seqOf(ref('CertificateList')),

    LoadCRLRequest: tag(53, seq({
      crl: ref('CertificateList'),
    })),

    LoadCRLResponse: tag(53, choice({
      loadCRLResponseOk: ref('LoadCRLResponseOk'),
      loadCRLResponseError: ref('LoadCRLResponseError'),
    })),

    LoadCRLResponseOk: seq({
      missingParts: opt(seqOf(int())),
    }),
    LoadCRLResponseError: int({
      invalidSignature: 1,
      invalidCRLFormat: 2,
      notEnoughMemorySpace: 3,
      verificationKeyNotFound: 4,
      fresherCrlAlreadyLoaded: 5,
      baseCrlMissing: 6,
      undefinedError: 127,
    }),

    ExpirationDate: ref('Time'),
    TotalPartialCrlNumber: int(),
    PartialCrlNumber: int(),

    RemoteProfileProvisioningRequest: tag(2, choice({
      initiateAuthenticationRequest: tag(57, ref('InitiateAuthenticationRequest')),
      authenticateClientRequest: tag(59, ref('AuthenticateClientRequest')),
      getBoundProfilePackageRequest: tag(58, ref('GetBoundProfilePackageRequest')),
      cancelSessionRequestEs9: tag(65, ref('CancelSessionRequestEs9')),
      handleNotification: tag(61, ref('HandleNotification')),
    })),

    RemoteProfileProvisioningResponse: tag(2, choice({
      initiateAuthenticationResponse: tag(57, ref('InitiateAuthenticationResponse')),
      authenticateClientResponseEs9: tag(59, ref('AuthenticateClientResponseEs9')),
      getBoundProfilePackageResponse: tag(58, ref('GetBoundProfilePackageResponse')),
      cancelSessionResponseEs9: tag(65, ref('CancelSessionResponseEs9')),
      authenticateClientResponseEs11: tag(64, ref('AuthenticateClientResponseEs11')),
    })),

    InitiateAuthenticationRequest: tag(57, seq({
      euiccChallenge: tag(1, ref('Octet16')),
      smdpAddress: tag(3, utf8()),
      euiccInfo1: ref('EUICCInfo1'),
    })),

    InitiateAuthenticationResponse: tag(57, choice({
      initiateAuthenticationOk: ref('InitiateAuthenticationOkEs9'),
      initiateAuthenticationError: int({
        invalidDpAddress: 1,
        euiccVersionNotSupportedByDp: 2,
        ciPKNotSupported: 3,
      }),
    })),

    InitiateAuthenticationOkEs9: seq({
      transactionId: tag(0, ref('TransactionId')),
      serverSigned1: ref('ServerSigned1'),
      serverSignature1: app(55, octets()),
      euiccCiPKIdToBeUsed: ref('SubjectKeyIdentifier'),
      serverCertificate: ref('Certificate'),
    }),

    AuthenticateClientRequest: tag(59, seq({
      transactionId: tag(0, ref('TransactionId')),
      authenticateServerResponse: tag(56, ref('AuthenticateServerResponse')),
    })),

    AuthenticateClientResponseEs9: tag(59, choice({
      authenticateClientOk: ref('AuthenticateClientOk'),
      authenticateClientError: int({
        eumCertificateInvalid: 1,
        eumCertificateExpired: 2,
        euiccCertificateInvalid: 3,
        euiccCertificateExpired: 4,
        euiccSignatureInvalid: 5,
        matchingIdRefused: 6,
        eidMismatch: 7,
        noEligibleProfile: 8,
        ciPKUnknown: 9,
        invalidTransactionId: 10,
        insufficientMemory: 11,
        undefinedError: 127,
      }),
    })),

    AuthenticateClientOk: seq({
      transactionId: tag(0, ref('TransactionId')),
      profileMetaData: tag(37, ref('StoreMetadataRequest')),
      smdpSigned2: ref('SmdpSigned2'),
      smdpSignature2: app(55, octets()),
      smdpCertificate: ref('Certificate'),
    }),

    GetBoundProfilePackageRequest: tag(58, seq({
      transactionId: tag(0, ref('TransactionId')),
      prepareDownloadResponse: tag(33, ref('PrepareDownloadResponse')),
    })),

    GetBoundProfilePackageResponse: tag(58, choice({
      getBoundProfilePackageOk: ref('GetBoundProfilePackageOk'),
      getBoundProfilePackageError: int({
        euiccSignatureInvalid: 1,
        confirmationCodeMissing: 2,
        confirmationCodeRefused: 3,
        confirmationCodeRetriesExceeded: 4,
        bppRebindingRefused: 5,
        downloadOrderExpired: 6,
        invalidTransactionId: 95,
        undefinedError: 127,
      }),
    })),

    GetBoundProfilePackageOk: seq({
      transactionId: tag(0, ref('TransactionId')),
      boundProfilePackage: tag(54, ref('BoundProfilePackage')),
    }),

    HandleNotification: tag(61, seq({
      pendingNotification: ref('PendingNotification'),
    })),

    CancelSessionRequestEs9: tag(65, seq({
      transactionId: ref('TransactionId'),
      cancelSessionResponse: ref('CancelSessionResponse'),
    })),

    CancelSessionResponseEs9: tag(65, choice({
      cancelSessionOk: ref('CancelSessionOk'),
      cancelSessionError: int({
        invalidTransactionId: 1,
        euiccSignatureInvalid: 2,
        undefinedError: 127,
      }),
    })),

    CancelSessionOk: seq({}),

    EuiccConfiguredAddressesRequest: tag(60, seq({})),

    EuiccConfiguredAddressesResponse: tag(60, seq({
      defaultDpAddress: opt(utf8()),
      rootDsAddress: utf8(),
    })),

    ISDRProprietaryApplicationTemplate: priv(0, seq({
      svn: tag(2, ref('VersionType')),
      lpaeSupport: opt(bits({ lpaeUsingCat: 0, lpaeUsingScws: 1 })),
    })),

    LpaeActivationRequest: tag(66, seq({
      lpaeOption: bits({ activateCatBasedLpae: 0, activateScwsBasedLpae: 1 }),
    })),

    LpaeActivationResponse: tag(66, seq({
      lpaeActivationResult: int({ ok: 0, notSupported: 1 }),
    })),

    SetDefaultDpAddressRequest: tag(63, seq({
      defaultDpAddress: utf8(),
    })),

    SetDefaultDpAddressResponse: tag(63, seq({
      setDefaultDpAddressResult: int({ ok: 0, undefinedError: 127 }),
    })),

    AuthenticateClientResponseEs11: tag(64, choice({
      authenticateClientOk: ref('AuthenticateClientOkEs11'),
      authenticateClientError: int({
        eumCertificateInvalid: 1,
        eumCertificateExpired: 2,
        euiccCertificateInvalid: 3,
        euiccCertificateExpired: 4,
        euiccSignatureInvalid: 5,
        eventIdUnknown: 6,
        invalidTransactionId: 7,
        undefinedError: 127,
      }),
    })),

    AuthenticateClientOkEs11: seq({
      transactionId: ref('TransactionId'),
      eventEntries: seqOf(ref('EventEntries')),
    }),

    EventEntries: seq({
      eventId: utf8(),
      rspServerAddress: utf8(),
    }),
  },
};
