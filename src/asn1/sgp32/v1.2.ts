/**
 * SGP.32 v1.2 ASN.1 module SGP32Definitions, type by type in module order (normative version).
 * Names follow the spec (no TTCN-3 "SGP32-" prefix); names not defined here resolve via imports.
 */
import {
  ModuleDef, app, bits, bool, choice, dflt, int, nul, octets, oid, opt, priv, ref, seq, seqOf, tag, utf8,
} from '../schema';
import { PKIX1Explicit88, PKIX1Implicit88 } from '../pkix/modules';
import { RSPDefinitions } from '../rsp/definitions';
import { PEDefinitions } from '../rsp/pe';

/** AddEimResult codes; AddInitialEimResponse's error uses the same numbers without ok (v1.2 §5.9.18 ASN.1). */
export const ADD_EIM_RESULT_CODE = {
  ok: 0,
  insufficientMemory: 1,
  associatedEimAlreadyExists: 2,
  ciPKUnknown: 3,
  invalidAssociationToken: 5,
  counterValueOutOfRange: 6,
  commandError: 7,
  undefinedError: 127,
} as const;

function withoutOk<T extends { ok: number }>(codes: T): Omit<T, 'ok'> {
  const { ok: _ok, ...rest } = codes;
  return rest;
}

export const SGP32Definitions_v1_2: ModuleDef = {
  name: 'SGP32Definitions',
  version: 'v1.2',
  automaticTags: true,
  extensibilityImplied: true,
  // UICCCapability is imported "FROM RSPDefinitions", which itself imports it from PEDefinitions;
  // the compiler does not follow imports of imports, so it is named from PEDefinitions directly.
  imports: [RSPDefinitions, PKIX1Explicit88, PKIX1Implicit88, { from: PEDefinitions, names: ['UICCCapability'] }],
  types: {
    EuiccPackageRequest: tag(81, seq({
      euiccPackageSigned: ref('EuiccPackageSigned'),
      eimSignature: app(55, octets()),
    })),

    EuiccPackageSigned: seq({
      eimId: tag(0, utf8(1, 128)),
      eidValue: app(26, ref('Octet16')),
      counterValue: tag(1, int()),
      eimTransactionId: opt(tag(2, ref('TransactionId'))),
      euiccPackage: ref('EuiccPackage'),
    }),

    EuiccPackage: choice({
      psmoList: seqOf(ref('Psmo')),
      ecoList: seqOf(ref('Eco')),
    }),

    EimConfigurationData: seq({
      eimId: tag(0, utf8(1, 128)),
      eimFqdn: opt(tag(1, utf8())),
      eimIdType: opt(tag(2, ref('EimIdType'))),
      counterValue: opt(tag(3, int())),
      associationToken: opt(tag(4, int())),
      eimPublicKeyData: opt(tag(5, choice({
        eimPublicKey: ref('SubjectPublicKeyInfo'),
        eimCertificate: ref('Certificate'),
      }))),
      trustedPublicKeyDataTls: opt(tag(6, choice({
        trustedEimPkTls: ref('SubjectPublicKeyInfo'),
        trustedCertificateTls: ref('Certificate'),
      }))),
      eimSupportedProtocol: opt(tag(7, ref('EimSupportedProtocol'))),
      euiccCiPKId: opt(tag(8, ref('SubjectKeyIdentifier'))),
      indirectProfileDownload: opt(tag(9, nul())),
    }),

    EimIdType: int({ eimIdTypeOid: 1, eimIdTypeFqdn: 2, eimIdTypeProprietary: 3 }),

    EimSupportedProtocol: bits({
      eimRetrieveHttps: 0,
      eimRetrieveCoaps: 1,
      eimInjectHttps: 2,
      eimInjectCoaps: 3,
      eimProprietary: 4,
    }),

    Eco: choice({
      addEim: tag(8, ref('EimConfigurationData')),
      deleteEim: tag(9, seq({ eimId: tag(0, utf8()) })),
      updateEim: tag(10, ref('EimConfigurationData')),
      listEim: tag(11, seq({})),
    }),

    Psmo: choice({
      enable: tag(3, seq({
        iccid: app(26, ref('Iccid')),
        rollbackFlag: opt(nul()),
      })),
      disable: tag(4, seq({ iccid: app(26, ref('Iccid')) })),
      delete: tag(5, seq({ iccid: app(26, ref('Iccid')) })),
      listProfileInfo: tag(45, ref('ProfileInfoListRequest')),
      getRAT: tag(6, seq({})),
      configureImmediateEnable: tag(7, seq({
        immediateEnableFlag: opt(tag(0, nul())),
        defaultSmdpOid: opt(tag(1, oid())),
        defaultSmdpAddress: opt(tag(2, utf8())),
      })),
      setFallbackAttribute: tag(8, seq({ iccid: app(26, ref('Iccid')) })),
      unsetFallbackAttribute: tag(9, seq({})),
      setDefaultDpAddress: tag(101, ref('SetDefaultDpAddressRequest')),
    }),

    IpaEuiccDataRequest: tag(82, seq({
      tagList: app(28, octets()),
      euiccCiPKIdentifierToBeUsed: opt(octets()),
      searchCriteriaNotification: opt(tag(1, choice({
        seqNumber: tag(0, int()),
        profileManagementOperation: tag(1, ref('NotificationEvent')),
      }))),
      searchCriteriaEuiccPackageResult: opt(tag(2, choice({
        seqNumber: tag(0, int()),
      }))),
      eimTransactionId: opt(tag(3, ref('TransactionId'))),
    })),

    ProfileDownloadTriggerRequest: tag(84, seq({
      profileDownloadData: opt(tag(0, ref('ProfileDownloadData'))),
      eimTransactionId: opt(tag(2, ref('TransactionId'))),
    })),

    ProfileDownloadData: choice({
      activationCode: tag(0, utf8(0, 255)),
      contactDefaultSmdp: tag(1, nul()),
      contactSmds: tag(2, seq({
        smdsAddress: opt(utf8()),
      })),
    }),

    EimAcknowledgements: tag(83, seqOf(ref('SequenceNumber'))),

    SequenceNumber: tag(0, int()),

    EuiccPackageResult: tag(81, choice({
      euiccPackageResultSigned: ref('EuiccPackageResultSigned'),
      euiccPackageErrorSigned: ref('EuiccPackageErrorSigned'),
      euiccPackageErrorUnsigned: ref('EuiccPackageErrorUnsigned'),
    })),

    EuiccPackageResultSigned: seq({
      euiccPackageResultDataSigned: ref('EuiccPackageResultDataSigned'),
      euiccSignEPR: app(55, octets()),
    }),

    EuiccPackageResultDataSigned: seq({
      eimId: tag(0, utf8(1, 128)),
      counterValue: tag(1, int()),
      eimTransactionId: opt(tag(2, ref('TransactionId'))),
      seqNumber: tag(3, int()),
      euiccResult: seqOf(ref('EuiccResultData')),
    }),

    EuiccResultData: choice({
      enableResult: tag(3, ref('EnableProfileResult')),
      disableResult: tag(4, ref('DisableProfileResult')),
      deleteResult: tag(5, ref('DeleteProfileResult')),
      listProfileInfoResult: tag(45, ref('ProfileInfoListResponse')),
      getRATResult: tag(6, ref('RulesAuthorisationTable')),
      configureImmediateEnableResult: tag(7, ref('ConfigureImmediateEnableResult')),
      addEimResult: tag(8, ref('AddEimResult')),
      deleteEimResult: tag(9, ref('DeleteEimResult')),
      updateEimResult: tag(10, ref('UpdateEimResult')),
      listEimResult: tag(11, ref('ListEimResult')),
      rollbackResult: tag(12, ref('RollbackProfileResult')),
      setFallbackAttributeResult: tag(13, ref('SetFallbackAttributeResult')),
      unsetFallbackAttributeResult: tag(14, ref('UnsetFallbackAttributeResult')),
      processingTerminated: int({
        resultSizeOverflow: 1,
        unknownOrDamagedCommand: 2,
        interruption: 3,
        undefinedError: 127,
      }),
      setDefaultDpAddressResult: tag(101, ref('SetDefaultDpAddressResponse')),
    }),

    EuiccPackageErrorSigned: seq({
      euiccPackageErrorDataSigned: ref('EuiccPackageErrorDataSigned'),
      euiccSignEPE: app(55, octets()),
    }),

    EuiccPackageErrorDataSigned: seq({
      eimId: tag(0, utf8(1, 128)),
      counterValue: tag(1, int()),
      eimTransactionId: opt(tag(2, ref('TransactionId'))),
      euiccPackageErrorCode: ref('EuiccPackageErrorCode'),
    }),

    EuiccPackageErrorCode: int({
      invalidEid: 3,
      replayError: 4,
      counterValueOutOfRange: 6,
      sizeOverflow: 15,
      ecallActive: 104,
      undefinedError: 127,
    }),

    EuiccPackageErrorUnsigned: seq({
      eimId: tag(0, utf8(1, 128)),
      eimTransactionId: opt(tag(2, ref('TransactionId'))),
      associationToken: opt(tag(4, int())),
    }),

    ConfigureImmediateEnableResult: int({ ok: 0, insufficientMemory: 1, commandError: 7, undefinedError: 127 }),

    EnableProfileResult: int({
      ok: 0,
      iccidOrAidNotFound: 1,
      profileNotInDisabledState: 2,
      disallowedByPolicy: 3,
      catBusy: 5,
      rollbackNotAvailable: 20,
      undefinedError: 127,
    }),

    DisableProfileResult: int({
      ok: 0,
      iccidOrAidNotFound: 1,
      profileNotInEnabledState: 2,
      disallowedByPolicy: 3,
      catBusy: 5,
      undefinedError: 127,
    }),

    DeleteProfileResult: int({
      ok: 0,
      iccidOrAidNotFound: 1,
      profileNotInDisabledState: 2,
      disallowedByPolicy: 3,
      rollbackNotAvailable: 20,
      returnFallbackProfile: 21,
      undefinedError: 127,
    }),

    ProfileInfoListResponse: tag(45, choice({
      profileInfoListOk: seqOf(ref('ProfileInfo')),
      profileInfoListError: ref('ProfileInfoListError'),
    })),

    ProfileInfoListError: int({ incorrectInputValues: 1, profileChangeOngoing: 11, undefinedError: 127 }),

    RollbackProfileResult: int({ ok: 0, undefinedError: 127 }),

    SetFallbackAttributeResult: int({
      ok: 0,
      iccidOrAidNotFound: 1,
      fallbackNotAllowed: 2,
      fallbackProfileEnabled: 3,
      undefinedError: 127,
    }),

    UnsetFallbackAttributeResult: int({
      ok: 0,
      noFallbackAttribute: 2,
      fallbackProfileEnabled: 3,
      commandError: 7,
      undefinedError: 127,
    }),

    AddEimResult: choice({
      associationToken: tag(4, int()),
      addEimResultCode: int(ADD_EIM_RESULT_CODE),
    }),

    DeleteEimResult: int({ ok: 0, eimNotFound: 1, lastEimDeleted: 2, commandError: 7, undefinedError: 127 }),

    UpdateEimResult: int({
      ok: 0,
      eimNotFound: 1,
      ciPKUnknown: 3,
      counterValueOutOfRange: 6,
      commandError: 7,
      undefinedError: 127,
    }),

    ListEimResult: choice({
      eimIdList: seqOf(ref('EimIdInfo')),
      listEimError: int({ undefinedError: 127 }),
    }),

    EimIdInfo: seq({
      eimId: tag(0, utf8(1, 128)),
      eimIdType: opt(tag(2, ref('EimIdType'))),
    }),

    IpaEuiccDataErrorCode: int({ incorrectTagList: 1, euiccCiPKIdNotFound: 5, ecallActive: 104, undefinedError: 127 }),

    IpaEuiccDataResponseError: seq({
      eimTransactionId: opt(tag(0, ref('TransactionId'))),
      ipaEuiccDataErrorCode: ref('IpaEuiccDataErrorCode'),
    }),

    IpaEuiccDataResponse: tag(82, choice({
      ipaEuiccData: ref('IpaEuiccData'),
      ipaEuiccDataResponseError: ref('IpaEuiccDataResponseError'),
    })),

    PendingNotificationList: seqOf(ref('PendingNotification')),

    EuiccPackageResultList: seqOf(ref('EuiccPackageResult')),

    IpaEuiccData: seq({
      notificationsList: opt(tag(0, ref('PendingNotificationList'))),
      defaultSmdpAddress: opt(tag(1, utf8())),
      euiccPackageResultList: opt(tag(2, ref('EuiccPackageResultList'))),
      euiccInfo1: opt(tag(32, ref('EUICCInfo1'))),
      euiccInfo2: opt(tag(34, ref('EUICCInfo2'))),
      rootSmdsAddress: opt(tag(3, utf8())),
      associationToken: opt(tag(4, int())),
      eumCertificate: opt(tag(5, ref('Certificate'))),
      euiccCertificate: opt(tag(6, ref('Certificate'))),
      eimTransactionId: opt(tag(7, ref('TransactionId'))),
      ipaCapabilities: opt(tag(8, ref('IpaCapabilities'))),
      deviceInfo: opt(tag(9, ref('DeviceInfo'))),
    }),

    ProfileDownloadTriggerResult: tag(84, seq({
      eimTransactionId: opt(tag(2, ref('TransactionId'))),
      profileDownloadTriggerResultData: choice({
        profileInstallationResult: tag(55, ref('ProfileInstallationResult')),
        profileDownloadError: seq({
          profileDownloadErrorReason: tag(0, int({ ecallActive: 104, undefinedError: 127 })),
          errorResponse: opt(octets()),
        }),
      }),
    })),

    ISDRProprietaryApplicationTemplateIoT: priv(1, seq({
      euiccConfiguration: bits({ ipaeSupported: 0, enabledProfile: 1 }),
    })),

    IpaeActivationRequest: tag(66, seq({
      ipaeOption: bits({ activateIpae: 0 }),
    })),

    IpaeActivationResponse: tag(66, seq({
      ipaeActivationResult: int({ ok: 0, notSupported: 1 }),
    })),

    IpaCapabilities: seq({
      ipaFeatures: tag(0, bits({
        directRspServerCommunication: 0,
        indirectRspServerCommunication: 1,
        eimDownloadDataHandling: 2,
        eimCtxParams1Generation: 3,
        eimProfileMetadataVerification: 4,
        minimizeEsipaBytes: 5,
      })),
      ipaSupportedProtocols: opt(tag(1, bits({
        ipaRetrieveHttps: 0,
        ipaRetrieveCoaps: 1,
        ipaInjectHttps: 2,
        ipaInjectCoaps: 3,
        ipaProprietary: 4,
      }))),
    }),

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
      ecallIndication: opt(tag(123, bool())),
      fallbackAttribute: dflt(tag(38, bool()), false),
      fallbackAllowed: opt(tag(103, bool())),
    })),

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
      ecallIndication: opt(tag(123, bool())),
      fallbackAllowed: opt(tag(103, bool())),
    })),

    AuthenticateClientRequest: tag(59, seq({
      transactionId: tag(0, ref('TransactionId')),
      authenticateServerResponse: tag(56, ref('AuthenticateServerResponse')),
    })),

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
      ipaMode: opt(tag(16, ref('IpaMode'))),
      euiccCiPKIdListForSigningV3: opt(tag(17, seqOf(ref('SubjectKeyIdentifier')))),
      additionalEuiccInfo: opt(tag(18, octets(0, 32))),
      highestSvn: opt(tag(19, ref('VersionType'))),
      iotSpecificInfo: opt(tag(20, ref('IoTSpecificInfo'))),
    })),

    IoTSpecificInfo: seq({
      iotVersion: tag(0, seqOf(ref('VersionType'))),
      ecallSupported: opt(tag(1, nul())),
      fallbackSupported: opt(tag(2, nul())),
    }),

    IpaMode: int({ ipad: 0, ipae: 1 }),

    AddInitialEimRequest: tag(87, seq({
      eimConfigurationDataList: tag(0, seqOf(ref('EimConfigurationData'))),
    })),

    AddInitialEimResponse: tag(87, choice({
      addInitialEimOk: seqOf(choice({
        associationToken: tag(4, int()),
        addOk: nul(),
      })),
      addInitialEimError: int(withoutOk(ADD_EIM_RESULT_CODE)),
    })),

    EuiccMemoryResetRequest: tag(100, seq({
      resetOptions: tag(2, bits({
        deleteOperationalProfiles: 0,
        deleteFieldLoadedTestProfiles: 1,
        resetDefaultSmdpAddress: 2,
        deletePreLoadedTestProfiles: 3,
        deleteProvisioningProfiles: 4,
        resetEimConfigData: 5,
        resetImmediateEnableConfig: 6,
      })),
    })),

    EuiccMemoryResetResponse: tag(100, seq({
      resetResult: int({ ok: 0, nothingToDelete: 1, catBusy: 5, ecallActive: 104, undefinedError: 127 }),
      resetEimResult: opt(int({ ok: 0, nothingToDelete: 1, eimResetNotSupported: 2, undefinedError: 127 })),
      resetImmediateEnableConfigResult: opt(int({ ok: 0, resetIECNotSupported: 1, undefinedError: 127 })),
    })),

    GetCertsRequest: tag(86, seq({
      euiccCiPKId: opt(ref('SubjectKeyIdentifier')),
    })),

    GetCertsResponse: tag(86, choice({
      certs: seq({
        eumCertificate: tag(5, ref('Certificate')),
        euiccCertificate: tag(6, ref('Certificate')),
      }),
      getCertsError: int({ invalidCiPKId: 1, undfinedError: 127 }),
    })),

    RetrieveNotificationsListRequest: tag(43, seq({
      searchCriteria: opt(choice({
        seqNumber: tag(0, int()),
        profileManagementOperation: tag(1, ref('NotificationEvent')),
        euiccPackageResults: tag(2, nul()),
      })),
    })),

    RetrieveNotificationsListResponse: tag(43, choice({
      notificationList: ref('PendingNotificationList'),
      notificationsListResultError: int({ undefinedError: 127 }),
      euiccPackageResultList: ref('EuiccPackageResultList'),
    })),

    ImmediateEnableRequest: tag(90, seq({
      refreshFlag: bool(),
    })),

    ImmediateEnableResponse: tag(90, seq({
      immediateEnableResult: tag(0, int({
        ok: 0,
        immediateEnableNotAvailable: 1,
        noSessionContext: 4,
        catBusy: 5,
        undefinedError: 127,
      })),
    })),

    ProfileRollbackRequest: tag(88, seq({
      refreshFlag: bool(),
    })),

    ProfileRollbackResponse: tag(88, seq({
      cmdResult: int({ ok: 0, rollbackNotAllowed: 1, catBusy: 5, commandError: 7, undefinedError: 127 }),
      eUICCPackageResult: opt(tag(81, ref('EuiccPackageResult'))),
    })),

    ConfigureImmediateProfileEnablingRequest: tag(89, seq({
      immediateEnableFlag: opt(tag(0, nul())),
      defaultSmdpOid: opt(tag(1, oid())),
      defaultSmdpAddress: opt(tag(2, utf8())),
    })),

    ConfigureImmediateProfileEnablingResponse: tag(89, seq({
      configImmediateEnableResult: tag(0, int({
        ok: 0,
        insufficientMemory: 1,
        associatedEimAlreadyExists: 2,
        undefinedError: 127,
      })),
    })),

    GetEimConfigurationDataRequest: tag(85, seq({
      searchCriteria: opt(choice({
        eimId: tag(0, utf8(1, 128)),
      })),
    })),

    GetEimConfigurationDataResponse: tag(85, seq({
      eimConfigurationDataList: tag(0, seqOf(ref('EimConfigurationData'))),
    })),

    ExecuteFallbackMechanismRequest: tag(93, seq({
      refreshFlag: bool(),
    })),

    ExecuteFallbackMechanismResponse: tag(93, seq({
      executeFallbackMechanismResult: tag(0, int({
        ok: 0,
        profileNotInDisabledState: 2,
        catBusy: 5,
        fallbackNotAvailable: 6,
        commandError: 7,
        ecallActive: 104,
        undefinedError: 127,
      })),
    })),

    ReturnFromFallbackRequest: tag(94, seq({
      refreshFlag: bool(),
    })),

    ReturnFromFallbackResponse: tag(94, seq({
      returnFromFallbackResult: tag(0, int({
        ok: 0,
        catBusy: 5,
        fallbackNotAvailable: 6,
        commandError: 7,
        undefinedError: 127,
      })),
    })),

    EnableEmergencyProfileRequest: tag(91, seq({
      refreshFlag: bool(),
    })),

    EnableEmergencyProfileResponse: tag(91, seq({
      enableEmergencyProfileResult: tag(0, int({
        ok: 0,
        profileNotInDisabledState: 2,
        catBusy: 5,
        ecallNotAvailable: 8,
        undefinedError: 127,
      })),
    })),

    DisableEmergencyProfileRequest: tag(92, seq({
      refreshFlag: bool(),
    })),

    DisableEmergencyProfileResponse: tag(92, seq({
      disableEmergencyProfileResult: tag(0, int({
        ok: 0,
        profileNotInEnabledState: 2,
        catBusy: 5,
        undefinedError: 127,
      })),
    })),

    GetConnectivityParametersRequest: tag(95, seq({})),

    GetConnectivityParametersResponse: tag(95, choice({
      connectivityParameters: ref('ConnectivityParameters'),
      connectivityParametersError: ref('ConnectivityParametersError'),
    })),

    ConnectivityParameters: seq({
      httpParams: opt(tag(1, octets())),
    }),

    ConnectivityParametersError: int({ parametersNotAvailable: 1, undefinedError: 127 }),

    SetDefaultDpAddressRequest: tag(101, seq({
      defaultDpAddress: utf8(),
    })),

    SetDefaultDpAddressResponse: tag(101, seq({
      setDefaultDpAddressResult: int({ ok: 0, undefinedError: 127 }),
    })),

    PrepareDownloadResponse: tag(33, choice({
      downloadResponseOk: ref('PrepareDownloadResponseOk'),
      downloadResponseError: ref('PrepareDownloadResponseError'),
      compactDownloadResponseOk: ref('CompactPrepareDownloadResponseOk'),
    })),

    CompactPrepareDownloadResponseOk: seq({
      compactEuiccSigned2: ref('CompactEuiccSigned2'),
      euiccSignature2: app(55, octets()),
    }),

    CompactEuiccSigned2: seq({
      euiccOtpk: opt(app(73, octets())),
      hashCc: opt(ref('Octet32')),
    }),

    EuiccSigned1: seq({
      transactionId: tag(0, ref('TransactionId')),
      serverAddress: tag(3, utf8()),
      serverChallenge: tag(4, ref('Octet16')),
      euiccInfo2: tag(34, ref('EUICCInfo2')),
      ctxParams1: ref('CtxParams1'),
    }),

    AuthenticateResponseOk: seq({
      euiccSigned1: ref('EuiccSigned1'),
      euiccSignature1: app(55, octets()),
      euiccCertificate: ref('Certificate'),
      eumCertificate: ref('Certificate'),
    }),

    AuthenticateServerResponse: tag(56, choice({
      authenticateResponseOk: ref('AuthenticateResponseOk'),
      authenticateResponseError: ref('AuthenticateResponseError'),
      compactAuthenticateResponseOk: ref('CompactAuthenticateResponseOk'),
    })),

    CompactAuthenticateResponseOk: seq({
      signedData: choice({
        euiccSigned1: ref('EuiccSigned1'),
        compactEuiccSigned1: tag(0, ref('CompactEuiccSigned1')),
      }),
      euiccSignature1: app(55, octets()),
      euiccCertificate: opt(tag(1, ref('Certificate'))),
      eumCertificate: opt(tag(2, ref('Certificate'))),
    }),

    CompactEuiccSigned1: seq({
      extCardResource: tag(4, octets()),
      ctxParams1: opt(tag(2, ref('CtxParams1'))),
    }),

    PendingNotification: choice({
      profileInstallationResult: tag(55, ref('ProfileInstallationResult')),
      otherSignedNotification: ref('OtherSignedNotification'),
      compactProfileInstallationResult: tag(0, ref('CompactProfileInstallationResult')),
      compactOtherSignedNotification: tag(1, ref('CompactOtherSignedNotification')),
    }),

    ProfileInstallationResult: tag(55, seq({
      profileInstallationResultData: tag(39, ref('ProfileInstallationResultData')),
      euiccSignPIR: ref('EuiccSignPIR'),
    })),

    CompactProfileInstallationResult: seq({
      compactProfileInstallationResultData: tag(0, ref('CompactProfileInstallationResultData')),
      euiccSignPIR: ref('EuiccSignPIR'),
    }),

    CompactProfileInstallationResultData: seq({
      transactionId: tag(0, ref('TransactionId')),
      seqNumber: int(),
      iccidPresent: dflt(bool(), true),
      compactFinalResult: tag(2, choice({
        compactSuccessResult: ref('CompactSuccessResult'),
        errorResult: ref('ErrorResult'),
      })),
    }),

    CompactSuccessResult: seq({
      compactAid: app(15, octets(2)),
      simaResponse: opt(octets()),
    }),

    CompactOtherSignedNotification: seq({
      eidValue: opt(app(26, ref('Octet16'))),
      tbsOtherNotification: ref('NotificationMetadata'),
      euiccNotificationSignature: app(55, octets()),
    }),

    CancelSessionResponse: tag(65, choice({
      cancelSessionResponseOk: ref('CancelSessionResponseOk'),
      cancelSessionResponseError: int({ invalidTransactionId: 5, undefinedError: 127 }),
      compactCancelSessionResponseOk: ref('CompactCancelSessionResponseOk'),
    })),

    CompactCancelSessionResponseOk: seq({
      compactEuiccCancelSessionSigned: ref('CompactEuiccCancelSessionSigned'),
      euiccCancelSessionSignature: app(55, octets()),
    }),

    CompactEuiccCancelSessionSigned: seq({
      reason: opt(ref('CancelSessionReason')),
    }),

    EsipaMessageFromIpaToEim: choice({
      initiateAuthenticationRequestEsipa: tag(57, ref('InitiateAuthenticationRequestEsipa')),
      authenticateClientRequestEsipa: tag(59, ref('AuthenticateClientRequestEsipa')),
      getBoundProfilePackageRequestEsipa: tag(58, ref('GetBoundProfilePackageRequestEsipa')),
      cancelSessionRequestEsipa: tag(65, ref('CancelSessionRequestEsipa')),
      handleNotificationEsipa: tag(61, ref('HandleNotificationEsipa')),
      transferEimPackageResponse: tag(78, ref('TransferEimPackageResponse')),
      getEimPackageRequest: tag(79, ref('GetEimPackageRequest')),
      provideEimPackageResult: tag(80, ref('ProvideEimPackageResult')),
    }),

    EsipaMessageFromEimToIpa: choice({
      initiateAuthenticationResponseEsipa: tag(57, ref('InitiateAuthenticationResponseEsipa')),
      authenticateClientResponseEsipa: tag(59, ref('AuthenticateClientResponseEsipa')),
      getBoundProfilePackageResponseEsipa: tag(58, ref('GetBoundProfilePackageResponseEsipa')),
      cancelSessionResponseEsipa: tag(65, ref('CancelSessionResponseEsipa')),
      transferEimPackageRequest: tag(78, ref('TransferEimPackageRequest')),
      getEimPackageResponse: tag(79, ref('GetEimPackageResponse')),
      provideEimPackageResultResponse: tag(80, ref('ProvideEimPackageResultResponse')),
    }),

    InitiateAuthenticationRequestEsipa: tag(57, seq({
      euiccChallenge: tag(1, ref('Octet16')),
      smdpAddress: opt(tag(3, utf8())),
      euiccInfo1: opt(ref('EUICCInfo1')),
      eimTransactionId: opt(tag(2, ref('TransactionId'))),
    })),

    InitiateAuthenticationResponseEsipa: tag(57, choice({
      initiateAuthenticationOkEsipa: ref('InitiateAuthenticationOkEsipa'),
      initiateAuthenticationErrorEsipa: int({
        invalidDpAddress: 1,
        euiccVersionNotSupportedByDp: 2,
        ciPKIdNotSupported: 3,
        smdpAddressMismatch: 50,
        smdpOidMismatch: 51,
        invalidEimTransactionId: 52,
        undefinedError: 127,
      }),
    })),

    InitiateAuthenticationOkEsipa: seq({
      transactionId: opt(tag(0, ref('TransactionId'))),
      serverSigned1: ref('ServerSigned1'),
      serverSignature1: app(55, octets()),
      euiccCiPKIdentifierToBeUsed: octets(),
      serverCertificate: ref('Certificate'),
      matchingId: opt(utf8()),
      ctxParams1: opt(tag(2, ref('CtxParams1'))),
    }),

    AuthenticateClientRequestEsipa: tag(59, seq({
      transactionId: tag(0, ref('TransactionId')),
      authenticateServerResponse: tag(56, ref('AuthenticateServerResponse')),
    })),

    AuthenticateClientResponseEsipa: tag(59, choice({
      authenticateClientOkDPEsipa: ref('AuthenticateClientOkDPEsipa'),
      authenticateClientOkDSEsipa: ref('AuthenticateClientOkDSEsipa'),
      authenticateClientErrorEsipa: int({
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
        pprNotAllowed: 50,
        eventIdUnknown: 56,
        undefinedError: 127,
      }),
    })),

    AuthenticateClientOkDPEsipa: seq({
      transactionId: opt(tag(0, ref('TransactionId'))),
      profileMetaData: opt(tag(37, ref('StoreMetadataRequest'))),
      smdpSigned2: ref('SmdpSigned2'),
      smdpSignature2: app(55, octets()),
      smdpCertificate: ref('Certificate'),
      hashCc: opt(ref('Octet32')),
    }),

    AuthenticateClientOkDSEsipa: seq({
      transactionId: tag(0, ref('TransactionId')),
      profileDownloadTrigger: opt(tag(84, ref('ProfileDownloadTriggerRequest'))),
    }),

    GetBoundProfilePackageRequestEsipa: tag(58, seq({
      transactionId: tag(0, ref('TransactionId')),
      prepareDownloadResponse: tag(33, ref('PrepareDownloadResponse')),
    })),

    GetBoundProfilePackageResponseEsipa: tag(58, choice({
      getBoundProfilePackageOkEsipa: ref('GetBoundProfilePackageOkEsipa'),
      getBoundProfilePackageErrorEsipa: int({
        euiccSignatureInvalid: 1,
        confirmationCodeMissing: 2,
        confirmationCodeRefused: 3,
        confirmationCodeRetriesExceeded: 4,
        bppRebindingRefused: 5,
        downloadOrderExpired: 6,
        metadataMismatch: 50,
        invalidTransactionId: 95,
        undefinedError: 127,
      }),
    })),

    GetBoundProfilePackageOkEsipa: seq({
      transactionId: opt(tag(0, ref('TransactionId'))),
      boundProfilePackage: tag(54, ref('BoundProfilePackage')),
    }),

    HandleNotificationEsipa: tag(61, choice({
      pendingNotification: tag(0, ref('PendingNotification')),
      provideEimPackageResult: tag(80, ref('ProvideEimPackageResult')),
    })),

    CancelSessionRequestEsipa: tag(65, seq({
      transactionId: ref('TransactionId'),
      cancelSessionResponse: ref('CancelSessionResponse'),
    })),

    CancelSessionResponseEsipa: tag(65, choice({
      cancelSessionOk: ref('CancelSessionOk'),
      cancelSessionError: int({ invalidTransactionId: 1, euiccSignatureInvalid: 2, undefinedError: 127 }),
    })),

    CancelSessionOk: seq({}),

    StateChangeCause: int({
      otherEim: 0,
      fallback: 1,
      emergencyProfile: 2,
      local: 3,
      reset: 4,
      immediateEnableProfile: 5,
      deviceChange: 6,
      undefined: 127,
    }),

    GetEimPackageRequest: tag(79, seq({
      eidValue: app(26, ref('Octet16')),
      notifyStateChange: opt(tag(0, nul())),
      stateChangeCause: opt(tag(1, ref('StateChangeCause'))),
      rPLMN: opt(tag(2, octets(3))),
    })),

    GetEimPackageResponse: tag(79, choice({
      euiccPackageRequest: tag(81, ref('EuiccPackageRequest')),
      ipaEuiccDataRequest: tag(82, ref('IpaEuiccDataRequest')),
      profileDownloadTriggerRequest: tag(84, ref('ProfileDownloadTriggerRequest')),
      eimPackageError: int({
        noEimPackageAvailable: 1,
        eidNotFound: 2,
        invalidEid: 3,
        missingEid: 4,
        undefinedError: 127,
      }),
    })),

    EimPackageResultErrorCode: int({ invalidPackageFormat: 1, unknownPackage: 2, undefinedError: 127 }),

    EimPackageResultResponseError: seq({
      eimTransactionId: opt(tag(0, ref('TransactionId'))),
      eimPackageResultErrorCode: ref('EimPackageResultErrorCode'),
    }),

    EimPackageResult: choice({
      euiccPackageResult: tag(81, ref('EuiccPackageResult')),
      ePRAndNotifications: seq({
        euiccPackageResult: tag(81, ref('EuiccPackageResult')),
        notificationList: tag(0, ref('PendingNotificationList')),
      }),
      ipaEuiccDataResponse: tag(82, ref('IpaEuiccDataResponse')),
      profileDownloadTriggerResult: tag(84, ref('ProfileDownloadTriggerResult')),
      eimPackageResultResponseError: tag(0, ref('EimPackageResultResponseError')),
    }),

    ProvideEimPackageResult: tag(80, seq({
      eidValue: opt(app(26, ref('Octet16'))),
      eimPackageResult: ref('EimPackageResult'),
    })),

    ProvideEimPackageResultResponse: tag(80, choice({
      eimAcknowledgements: tag(83, ref('EimAcknowledgements')),
      emptyResponse: seq({}),
      provideEimPackageResultError: int({ eidNotFound: 2, invalidEid: 3, missingEid: 4, undefinedError: 127 }),
    })),

    TransferEimPackageRequest: tag(78, choice({
      euiccPackageRequest: tag(81, ref('EuiccPackageRequest')),
      ipaEuiccDataRequest: tag(82, ref('IpaEuiccDataRequest')),
      eimAcknowledgements: tag(83, ref('EimAcknowledgements')),
      profileDownloadTriggerRequest: tag(84, ref('ProfileDownloadTriggerRequest')),
    })),

    TransferEimPackageResponse: tag(78, choice({
      euiccPackageResult: tag(81, ref('EuiccPackageResult')),
      ePRAndNotifications: seq({
        euiccPackageResult: tag(81, ref('EuiccPackageResult')),
        notificationList: tag(0, ref('PendingNotificationList')),
      }),
      ipaEuiccDataResponse: tag(82, ref('IpaEuiccDataResponse')),
      eimPackageReceived: nul(),
      eimPackageError: int({ invalidPackageFormat: 1, unknownPackage: 2, undefinedError: 127 }),
    })),
  },
};
