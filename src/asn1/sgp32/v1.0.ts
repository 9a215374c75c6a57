/**
 * SGP.32 v1.0 SGP32Definitions, for peers on the older spec: written as an overlay on v1.2,
 * so only the types that v1.0 defines differently (or only v1.0 has) are spelled out here.
 *
 * Differences from v1.2, after stripping the "SGP32-" prefix:
 * - Not in v1.0 (39): ProfileInfo, StoreMetadataRequest, EuiccSigned1, AuthenticateResponseOk (v1.0 imports
 *   the SGP.22 ones), AuthenticateClientRequest; PendingNotificationList, EuiccPackageResultList;
 *   IpaEuiccDataErrorCode, IpaEuiccDataResponseError; EimPackageResult(ErrorCode|ResponseError);
 *   StateChangeCause; ISDRProprietaryApplicationTemplateIoT, IpaeActivationRequest/Response;
 *   EuiccMemoryResetRequest/Response; ImmediateEnable*, ConfigureImmediateProfileEnabling*,
 *   ConfigureImmediateEnableResult; fallback (ExecuteFallbackMechanism*, ReturnFromFallback*,
 *   Set/UnsetFallbackAttributeResult), emergency (Enable/DisableEmergencyProfile*),
 *   GetConnectivityParameters*, ConnectivityParameters(Error), SetDefaultDpAddressRequest/Response.
 * - Only in v1.0 (5): ConfigureAutoEnableResult, ConfigureAutoProfileEnablingRequest/Response,
 *   EnableUsingDDRequest/Response (the "auto enable" precursors of immediate enable, same tags).
 * - eimId is UTF8String without SIZE(1..128) everywhere; eimTransactionId is named transactionId
 *   in EuiccPackageSigned/EuiccPackageResultDataSigned/EuiccPackageErrorDataSigned and is absent in
 *   EuiccPackageErrorUnsigned, InitiateAuthenticationRequestEsipa, IpaEuiccData(Request).
 * - Psmo/EuiccResultData: configureAutoEnable(Result) with autoEnableFlag/smdpOid/smdpAddress; no
 *   fallback or setDefaultDpAddress alternatives. Fewer named numbers in Enable/Disable/DeleteProfileResult,
 *   EuiccPackageErrorCode, AddEimResult, InitiateAuthenticationErrorEsipa, GetEimPackageResponse;
 *   others differ (AddInitialEimResponse: unsignedEimConfigDisallowed(2); ListEimResult: commandError(7);
 *   GetBoundProfilePackageErrorEsipa: profileMetadataMismatch(50)).
 * - Structure/tags: IpaEuiccDataRequest (one searchCriteria, euiccCiPKId), IpaEuiccData (defaultSmdpAddress [0],
 *   notificationsList [43]), IpaEuiccDataResponse (inline error INTEGER), EimIdInfo eimIdType [4],
 *   EimConfigurationData without indirectProfileDownload, EUICCInfo2 rfu2/rfu3/rfu4, IoTSpecificInfo only
 *   iotVersion, RetrieveNotificationsListResponse (+notificationAndEprList), ProfileDownloadTriggerResult
 *   (no errorReason), CompactOtherSignedNotification (no eidValue), InitiateAuthenticationOkEsipa
 *   (euiccCiPKIdToBeUsed), HandleNotificationEsipa (untagged alternatives), GetEimPackageRequest (no
 *   stateChangeCause, rPLMN [1]), GetEimConfigurationDataRequest empty, ProvideEimPackageResult is a CHOICE,
 *   ProvideEimPackageResultResponse a SEQUENCE, ePRAndNotifications.notificationList is
 *   [43] RetrieveNotificationsListResponse.
 */
import { ModuleDef, TypeDef, app, bits, choice, int, nul, octets, oid, opt, ref, seq, seqOf, tag, utf8 } from '../schema';
import { SGP32Definitions_v1_2 } from './v1.2';

function without(types: Readonly<Record<string, TypeDef>>, names: readonly string[]): Record<string, TypeDef> {
  const out: Record<string, TypeDef> = { ...types };
  for (const n of names) {
    if (!(n in out)) throw new Error(`SGP32Definitions v1.0 overlay: no type ${n} in v1.2`);
    delete out[n];
  }
  return out;
}

const ONLY_IN_V1_2 = [
  'SetFallbackAttributeResult', 'UnsetFallbackAttributeResult', 'ConfigureImmediateEnableResult',
  'IpaEuiccDataErrorCode', 'IpaEuiccDataResponseError', 'PendingNotificationList', 'EuiccPackageResultList',
  'ISDRProprietaryApplicationTemplateIoT', 'IpaeActivationRequest', 'IpaeActivationResponse',
  'ProfileInfo', 'StoreMetadataRequest', 'AuthenticateClientRequest',
  'EuiccMemoryResetRequest', 'EuiccMemoryResetResponse',
  'ImmediateEnableRequest', 'ImmediateEnableResponse',
  'ConfigureImmediateProfileEnablingRequest', 'ConfigureImmediateProfileEnablingResponse',
  'ExecuteFallbackMechanismRequest', 'ExecuteFallbackMechanismResponse',
  'ReturnFromFallbackRequest', 'ReturnFromFallbackResponse',
  'EnableEmergencyProfileRequest', 'EnableEmergencyProfileResponse',
  'DisableEmergencyProfileRequest', 'DisableEmergencyProfileResponse',
  'GetConnectivityParametersRequest', 'GetConnectivityParametersResponse',
  'ConnectivityParameters', 'ConnectivityParametersError',
  'SetDefaultDpAddressRequest', 'SetDefaultDpAddressResponse',
  'EuiccSigned1', 'AuthenticateResponseOk',
  'StateChangeCause', 'EimPackageResultErrorCode', 'EimPackageResultResponseError', 'EimPackageResult',
];

export const SGP32Definitions_v1_0: ModuleDef = {
  ...SGP32Definitions_v1_2,
  version: 'v1.0',
  types: {
    ...without(SGP32Definitions_v1_2.types, ONLY_IN_V1_2),

    EuiccPackageSigned: seq({
      eimId: tag(0, utf8()),
      eidValue: app(26, ref('Octet16')),
      counterValue: tag(1, int()),
      transactionId: opt(tag(2, ref('TransactionId'))),
      euiccPackage: ref('EuiccPackage'),
    }),

    EimConfigurationData: seq({
      eimId: tag(0, utf8()),
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
      configureAutoEnable: tag(7, seq({
        autoEnableFlag: opt(tag(0, nul())),
        smdpOid: opt(tag(1, oid())),
        smdpAddress: opt(tag(2, utf8())),
      })),
    }),

    IpaEuiccDataRequest: tag(82, seq({
      tagList: app(28, octets()),
      euiccCiPKId: opt(ref('SubjectKeyIdentifier')),
      searchCriteria: opt(tag(1, choice({
        seqNumber: tag(0, int()),
        profileManagementOperation: tag(1, ref('NotificationEvent')),
        euiccPackageResults: tag(2, nul()),
      }))),
    })),

    EuiccPackageResultDataSigned: seq({
      eimId: tag(0, utf8()),
      counterValue: tag(1, int()),
      transactionId: opt(tag(2, ref('TransactionId'))),
      seqNumber: tag(3, int()),
      euiccResult: seqOf(ref('EuiccResultData')),
    }),

    EuiccResultData: choice({
      enableResult: tag(3, ref('EnableProfileResult')),
      disableResult: tag(4, ref('DisableProfileResult')),
      deleteResult: tag(5, ref('DeleteProfileResult')),
      listProfileInfoResult: tag(45, ref('ProfileInfoListResponse')),
      getRATResult: tag(6, ref('RulesAuthorisationTable')),
      configureAutoEnableResult: tag(7, ref('ConfigureAutoEnableResult')),
      addEimResult: tag(8, ref('AddEimResult')),
      deleteEimResult: tag(9, ref('DeleteEimResult')),
      updateEimResult: tag(10, ref('UpdateEimResult')),
      listEimResult: tag(11, ref('ListEimResult')),
      rollbackResult: tag(12, ref('RollbackProfileResult')),
      processingTerminated: int({
        resultSizeOverflow: 1,
        unknownOrDamagedCommand: 2,
        interruption: 3,
        undefinedError: 127,
      }),
    }),

    EuiccPackageErrorDataSigned: seq({
      eimId: tag(0, utf8()),
      counterValue: tag(1, int()),
      transactionId: opt(tag(2, ref('TransactionId'))),
      euiccPackageErrorCode: ref('EuiccPackageErrorCode'),
    }),

    EuiccPackageErrorCode: int({
      invalidEid: 3,
      replayError: 4,
      counterValueOutOfRange: 6,
      sizeOverflow: 15,
      undefinedError: 127,
    }),

    EuiccPackageErrorUnsigned: seq({
      eimId: tag(0, utf8()),
      associationToken: opt(tag(4, int())),
    }),

    ConfigureAutoEnableResult: int({ ok: 0, insufficientMemory: 1, commandError: 7, undefinedError: 127 }),

    EnableProfileResult: int({ ok: 0, iccidOrAidNotFound: 1, profileNotInDisabledState: 2, undefinedError: 127 }),

    DisableProfileResult: int({ ok: 0, iccidOrAidNotFound: 1, profileNotInEnabledState: 2, undefinedError: 127 }),

    DeleteProfileResult: int({ ok: 0, iccidOrAidNotFound: 1, profileNotInDisabledState: 2, undefinedError: 127 }),

    AddEimResult: choice({
      associationToken: tag(4, int()),
      addEimResultCode: int({
        ok: 0,
        insufficientMemory: 1,
        ciPKUnknown: 3,
        invalidAssociationToken: 5,
        counterValueOutOfRange: 6,
        commandError: 7,
        undefinedError: 127,
      }),
    }),

    ListEimResult: choice({
      eimIdList: seqOf(ref('EimIdInfo')),
      listEimError: int({ commandError: 7, undefinedError: 127 }),
    }),

    EimIdInfo: seq({
      eimId: tag(0, utf8()),
      eimIdType: opt(tag(4, ref('EimIdType'))),
    }),

    IpaEuiccDataResponse: tag(82, choice({
      ipaEuiccData: ref('IpaEuiccData'),
      ipaEuiccDataError: int({ incorrectTagList: 1, euiccCiPKIdNotFound: 5, undefinedError: 127 }),
    })),

    IpaEuiccData: seq({
      defaultSmdpAddress: opt(tag(0, utf8())),
      euiccInfo1: opt(tag(32, ref('EUICCInfo1'))),
      euiccInfo2: opt(tag(34, ref('EUICCInfo2'))),
      rootSmdsAddress: opt(tag(3, utf8())),
      associationToken: opt(tag(4, int())),
      eumCertificate: opt(tag(5, ref('Certificate'))),
      euiccCertificate: opt(tag(6, ref('Certificate'))),
      ipaCapabilities: opt(tag(8, ref('IpaCapabilities'))),
      deviceInfo: opt(tag(9, ref('DeviceInfo'))),
      notificationsList: opt(tag(43, ref('RetrieveNotificationsListResponse'))),
    }),

    ProfileDownloadTriggerResult: tag(84, seq({
      eimTransactionId: opt(tag(2, ref('TransactionId'))),
      profileDownloadTriggerResultData: choice({
        profileInstallationResult: tag(55, ref('ProfileInstallationResult')),
        profileDownloadError: seq({
          errorResponse: opt(octets()),
        }),
      }),
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
      rfu2: opt(tag(17, seqOf(ref('SubjectKeyIdentifier')))),
      rfu3: opt(tag(18, octets(0, 32))),
      rfu4: opt(tag(19, ref('VersionType'))),
      iotSpecificInfo: opt(tag(20, ref('IoTSpecificInfo'))),
    })),

    IoTSpecificInfo: seq({
      iotVersion: tag(0, seqOf(ref('VersionType'))),
    }),

    AddInitialEimResponse: tag(87, choice({
      addInitialEimOk: seqOf(choice({
        associationToken: tag(4, int()),
        addOk: nul(),
      })),
      addInitialEimError: int({
        insufficientMemory: 1,
        unsignedEimConfigDisallowed: 2,
        ciPKUnknown: 3,
        invalidAssociationToken: 5,
        counterValueOutOfRange: 6,
        undefinedError: 127,
      }),
    })),

    RetrieveNotificationsListResponse: tag(43, choice({
      notificationList: seqOf(ref('PendingNotification')),
      notificationsListResultError: int({ undefinedError: 127 }),
      euiccPackageResultList: seqOf(ref('EuiccPackageResult')),
      notificationAndEprList: seq({
        notificationList: seqOf(ref('PendingNotification')),
        euiccPackageResultList: seqOf(ref('EuiccPackageResult')),
      }),
    })),

    EnableUsingDDRequest: tag(90, seq({})),

    EnableUsingDDResponse: tag(90, seq({
      enableUsingDDResult: tag(0, int({ ok: 0, autoEnableNotAvailable: 1, noSessionContext: 4, undefinedError: 127 })),
    })),

    ConfigureAutoProfileEnablingRequest: tag(89, seq({
      autoEnableFlag: opt(tag(0, nul())),
      smdpOid: opt(tag(1, oid())),
      smdpAddress: opt(tag(2, utf8())),
    })),

    ConfigureAutoProfileEnablingResponse: tag(89, seq({
      configAutoEnableResult: tag(0, int({
        ok: 0,
        insufficientMemory: 1,
        unsignedAutoEnableConfigDisallowed: 2,
        undefinedError: 127,
      })),
    })),

    GetEimConfigurationDataRequest: tag(85, seq({})),

    CompactOtherSignedNotification: seq({
      tbsOtherNotification: ref('NotificationMetadata'),
      euiccNotificationSignature: app(55, octets()),
    }),

    InitiateAuthenticationRequestEsipa: tag(57, seq({
      euiccChallenge: tag(1, ref('Octet16')),
      smdpAddress: opt(tag(3, utf8())),
      euiccInfo1: opt(ref('EUICCInfo1')),
    })),

    InitiateAuthenticationResponseEsipa: tag(57, choice({
      initiateAuthenticationOkEsipa: ref('InitiateAuthenticationOkEsipa'),
      initiateAuthenticationErrorEsipa: int({
        invalidDpAddress: 1,
        euiccVersionNotSupportedByDp: 2,
        ciPKIdNotSupported: 3,
        smdpAddressMismatch: 50,
        smdpOidMismatch: 51,
      }),
    })),

    InitiateAuthenticationOkEsipa: seq({
      transactionId: opt(tag(0, ref('TransactionId'))),
      serverSigned1: ref('ServerSigned1'),
      serverSignature1: app(55, octets()),
      euiccCiPKIdToBeUsed: octets(),
      serverCertificate: ref('Certificate'),
      matchingId: opt(utf8()),
      ctxParams1: opt(tag(2, ref('CtxParams1'))),
    }),

    GetBoundProfilePackageResponseEsipa: tag(58, choice({
      getBoundProfilePackageOkEsipa: ref('GetBoundProfilePackageOkEsipa'),
      getBoundProfilePackageErrorEsipa: int({
        euiccSignatureInvalid: 1,
        confirmationCodeMissing: 2,
        confirmationCodeRefused: 3,
        confirmationCodeRetriesExceeded: 4,
        bppRebindingRefused: 5,
        downloadOrderExpired: 6,
        profileMetadataMismatch: 50,
        invalidTransactionId: 95,
        undefinedError: 127,
      }),
    })),

    HandleNotificationEsipa: tag(61, choice({
      pendingNotification: ref('PendingNotification'),
      provideEimPackageResult: ref('ProvideEimPackageResult'),
    })),

    GetEimPackageRequest: tag(79, seq({
      eidValue: app(26, ref('Octet16')),
      notifyStateChange: opt(tag(0, nul())),
      rPLMN: opt(tag(1, octets(3))),
    })),

    GetEimPackageResponse: tag(79, choice({
      euiccPackageRequest: tag(81, ref('EuiccPackageRequest')),
      ipaEuiccDataRequest: tag(82, ref('IpaEuiccDataRequest')),
      profileDownloadTriggerRequest: tag(84, ref('ProfileDownloadTriggerRequest')),
      eimPackageError: int({ noEimPackageAvailable: 1, undefinedError: 127 }),
    })),

    ProvideEimPackageResult: tag(80, choice({
      euiccPackageResult: tag(81, ref('EuiccPackageResult')),
      ePRAndNotifications: seq({
        euiccPackageResult: tag(81, ref('EuiccPackageResult')),
        notificationList: tag(43, ref('RetrieveNotificationsListResponse')),
      }),
      ipaEuiccDataResponse: tag(82, ref('IpaEuiccDataResponse')),
      profileDownloadTriggerResult: tag(84, ref('ProfileDownloadTriggerResult')),
      eimPackageError: int({ invalidPackageFormat: 1, unknownPackage: 2, undefinedError: 127 }),
    })),

    ProvideEimPackageResultResponse: tag(80, seq({
      eimAcknowledgements: opt(tag(83, ref('EimAcknowledgements'))),
    })),

    TransferEimPackageResponse: tag(78, choice({
      euiccPackageResult: tag(81, ref('EuiccPackageResult')),
      ePRAndNotifications: seq({
        euiccPackageResult: tag(81, ref('EuiccPackageResult')),
        notificationList: tag(43, ref('RetrieveNotificationsListResponse')),
      }),
      ipaEuiccDataResponse: tag(82, ref('IpaEuiccDataResponse')),
      eimPackageReceived: nul(),
      eimPackageError: int({ invalidPackageFormat: 1, unknownPackage: 2, undefinedError: 127 }),
    })),
  },
};
