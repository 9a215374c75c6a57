/**
 * Known-answer tests for the ASN.1 codec.
 *
 * Every expected encoding below is put together by hand, tag by tag, from the ASN.1 module
 * texts (SGP32Definitions v1.2 / v1.0, RSPDefinitions v2.5) and the X.680/X.690 rules; the
 * codec is only the thing under test, never the source of an expected byte.
 *
 * Tagging rules used throughout (all three modules are AUTOMATIC TAGS):
 *  - a SEQUENCE/CHOICE whose components carry no written tag at all gets [0], [1], ... on its
 *    components; as soon as one component has a written tag, none is added;
 *  - a tag (written or automatic) is implicit, except on an untagged CHOICE, where it is explicit
 *    and wraps the chosen alternative in a constructed TLV;
 *  - a tag on a reference to a type that is already tagged (e.g. `[81] EuiccPackageResult` where
 *    EuiccPackageResult is `[81] CHOICE`) is implicit and replaces that outer tag;
 *  - `[n]` with n >= 31 takes two octets: BF n (constructed) or 9F n (primitive); APPLICATION n
 *    is 5F n for n >= 31 (5F37, 5F49) and 40+n below (5A, 5C, 4F).
 * DER: definite lengths in minimal form, SEQUENCE components in definition order, DEFAULT values
 * left out, named BIT STRINGs without trailing zero bits, minimal INTEGER octets.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codec, ModuleName, SpecVersion } from '../../src/asn1';
import { tlv } from './tlv';

// ---- helpers ------------------------------------------------------------------------------

/** One octet as hex (small INTEGER contents). */
const byte = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
/** Octet string value from hex. */
const oct = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
/** Hex of a string's UTF-8 bytes (content of a UTF8String). */
const u = (s: string): string => Buffer.from(s, 'utf8').toString('hex').toUpperCase();

interface Vector {
  name: string;
  type: string;
  module: ModuleName;
  version: SpecVersion;
  value: unknown;
  hex: string;
  /** Reason, when the codec is believed wrong on this vector (see the final report). */
  todo?: string;
}

function v12(name: string, type: string, value: unknown, hex: string, todo?: string): Vector {
  return { name, type, module: 'SGP32Definitions', version: 'v1.2', value, hex, todo };
}
function v10(name: string, type: string, value: unknown, hex: string, todo?: string): Vector {
  return { name, type, module: 'SGP32Definitions', version: 'v1.0', value, hex, todo };
}
/** RSPDefinitions has a single version; the label is ignored for it. */
function rsp(name: string, type: string, value: unknown, hex: string, todo?: string): Vector {
  return { name, type, module: 'RSPDefinitions', version: 'v1.2', value, hex, todo };
}

function run(vectors: Vector[]): void {
  for (const v of vectors) {
    const c = codec(v.module, v.version);
    it(`${v.name}: encode ${v.type}`, { todo: v.todo }, () => {
      const got = Buffer.from(c.encode(v.type, v.value)).toString('hex').toUpperCase();
      assert.equal(got, v.hex);
    });
    it(`${v.name}: decode ${v.type}`, { todo: v.todo }, () => {
      assert.deepStrictEqual(c.decode(v.type, oct(v.hex)), v.value);
    });
  }
}

// ---- shared sample data -------------------------------------------------------------------

const EID = '89049032123451234512345678901235';
const ICCID = '98109909002143658739'; // EF.ICCID byte order (nibble-swapped), 10 octets
const ICCID2 = '98109909002143658749';
const TID = '8BC4E4E3D2A1B0C9F8E7D6C5B4A39281'; // SM-DP+ transactionId, 16 octets
const ETID = '01020304'; // eimTransactionId
const CHALLENGE = '3F2A5C6E7D8B9A0B1C2D3E4F50617283';
const SIG = 'AA'.repeat(32) + 'BB'.repeat(32); // 64-octet r||s placeholder
const OTPK = '04' + '11'.repeat(32) + '22'.repeat(32); // 65-octet uncompressed point placeholder
const HASH_CC = 'CC'.repeat(32);
const KEYID = 'F54172BDF98A95D65CBEB88A38A1C11D800A85C3';
const KEYID2 = 'C0BC70BA36929D43B467FF57570530E57AB8FCD8';
const ISDP_AID = 'A0000005591010FFFFFFFF8900001000';
const EXT_CARD = '8101008204000C3B60830222A0';
const TAC = '35290611';
const IMEI = '3529061123456780';
const PLMN = '62F210';
const SMDP = 'smdp.example.com';
const SMDS = 'lpa.ds.gsma.com';
const EIM = 'eim-1';
const AC = `1$${SMDP}$MATCHING-ID-1`;
// OBJECT IDENTIFIER 2.999.10: first sub-identifier 2*40+999 = 1079 = 8*128+55 -> 88 37, then 0A
const OID_DP = '2.999.10';
const OID_DP_HEX = '88370A';

/** EUICCInfo1 (RSP) ::= [32] SEQUENCE {svn [2], ...ForVerification [9], ...ForSigning [10]}. */
const euiccInfo1 = {
  value: {
    svn: oct('020300'),
    euiccCiPKIdListForVerification: [oct(KEYID), oct(KEYID2)],
    euiccCiPKIdListForSigning: [oct(KEYID)],
  },
  // SubjectKeyIdentifier is a plain OCTET STRING, so list items are 04 14 ...
  hex: tlv('BF20', tlv('82', '020300'), tlv('A9', tlv('04', KEYID), tlv('04', KEYID2)), tlv('AA', tlv('04', KEYID))),
};

/** SGP.32 v1.2 EUICCInfo2 ([34] SEQUENCE, tag BF22) with the IoT fields. */
const euiccInfo2 = {
  value: {
    profileVersion: oct('020300'),
    svn: oct('020300'),
    euiccFirmwareVer: oct('010203'),
    extCardResource: oct(EXT_CARD),
    uiccCapability: ['usimSupport', 'isimSupport', 'akaMilenage', 'javacard'],
    rspCapability: ['additionalProfile', 'testProfileSupport'],
    euiccCiPKIdListForVerification: [oct(KEYID)],
    euiccCiPKIdListForSigning: [oct(KEYID)],
    euiccCategory: 1,
    ppVersion: oct('010000'),
    sasAcreditationNumber: 'GI-BA-UP-0419',
    ipaMode: 0,
    iotSpecificInfo: { iotVersion: [oct('010200')], ecallSupported: null, fallbackSupported: null },
  },
  hex: tlv('BF22',
    tlv('81', '020300'),
    tlv('82', '020300'),
    tlv('83', '010203'),
    tlv('84', EXT_CARD),
    // UICCCapability bits 1,2,4,14 -> 0x68 0x02, 15 bits used -> 1 unused bit
    tlv('85', '01 68 02'),
    // RspCapability bits 0,3 -> 0x90, 4 unused bits
    tlv('88', '04 90'),
    tlv('A9', tlv('04', KEYID)),
    tlv('AA', tlv('04', KEYID)),
    tlv('8B', '01'),
    // ppVersion and sasAcreditationNumber have no tag of their own: universal 04 and 0C
    tlv('04', '010000'),
    tlv('0C', u('GI-BA-UP-0419')),
    tlv('90', '00'), // ipaMode [16]
    tlv('B4', tlv('A0', tlv('04', '010200')), tlv('81'), tlv('82'))), // iotSpecificInfo [20]
};

/** NotificationMetadata (RSP) ::= [47] SEQUENCE; written tags, so notificationAddress is 0C. */
function notificationMetadata(seqNumber: number, event: string, eventBits: string) {
  return {
    value: { seqNumber, profileManagementOperation: [event], notificationAddress: SMDP, iccid: oct(ICCID) },
    hex: tlv('BF2F', tlv('80', byte(seqNumber)), tlv('81', eventBits), tlv('0C', u(SMDP)), tlv('5A', ICCID)),
  };
}
// NotificationEvent: notificationInstall is bit 0 (07 80), notificationEnable bit 1 (06 40)
const metaEnable = notificationMetadata(5, 'notificationEnable', '0640');
const metaInstall = notificationMetadata(3, 'notificationInstall', '0780');

/**
 * SGP32 ProfileInstallationResult ([55] SEQUENCE, BF37) with a successResult.
 * finalResult [2] is a tag on an untagged CHOICE -> explicit A2; the inner CHOICE has no written
 * tags -> successResult [0] (A0) / errorResult [1] (A1), implicit over their SEQUENCEs.
 */
const pirSuccess = {
  value: {
    profileInstallationResultData: {
      transactionId: oct(TID),
      notificationMetadata: metaInstall.value,
      smdpOid: OID_DP,
      finalResult: { successResult: { aid: oct(ISDP_AID), simaResponse: oct('3007A00530038001 00') } },
    },
    euiccSignPIR: oct(SIG),
  },
  hex: tlv('BF37',
    tlv('BF27', tlv('80', TID), metaInstall.hex, tlv('06', OID_DP_HEX),
      tlv('A2', tlv('A0', tlv('4F', ISDP_AID), tlv('04', '3007A0053003800100')))),
    tlv('5F37', SIG)),
};
/** Same with errorResult: ErrorResult has no written tags -> bppCommandId 80, errorReason 81. */
const pirError = {
  value: {
    profileInstallationResultData: {
      transactionId: oct(TID),
      notificationMetadata: metaInstall.value,
      smdpOid: OID_DP,
      finalResult: { errorResult: { bppCommandId: 5, errorReason: 10 } },
    },
    euiccSignPIR: oct(SIG),
  },
  hex: tlv('BF37',
    tlv('BF27', tlv('80', TID), metaInstall.hex, tlv('06', OID_DP_HEX),
      tlv('A2', tlv('A1', tlv('80', '05'), tlv('81', '0A')))),
    tlv('5F37', SIG)),
};

/** EimConfigurationData (v1.2) without key material; all components have written tags. */
const eimConfig = {
  value: {
    eimId: EIM,
    eimFqdn: 'eim.example.com',
    eimIdType: 2,
    counterValue: 1,
    associationToken: 7,
    eimSupportedProtocol: ['eimRetrieveHttps', 'eimInjectHttps'],
    euiccCiPKId: oct(KEYID),
    indirectProfileDownload: null,
  },
  // contents only; the caller adds 30 (list item) or A8/AA (addEim/updateEim, implicit)
  body: [
    tlv('80', u(EIM)),
    tlv('81', u('eim.example.com')),
    tlv('82', '02'),
    tlv('83', '01'),
    tlv('84', '07'),
    tlv('87', '05A0'), // bits 0 and 2 -> A0, 5 unused bits
    tlv('88', KEYID),
    tlv('89'),
  ].join(''),
};

/** EuiccPackageResult with euiccPackageResultSigned and the given results. */
function signedResult(seqNumber: number, results: { value: unknown; hex: string }[], withEtid = true) {
  const data: Record<string, unknown> = { eimId: EIM, counterValue: 5 };
  if (withEtid) data.eimTransactionId = oct(ETID);
  data.seqNumber = seqNumber;
  data.euiccResult = results.map((r) => r.value);
  return {
    value: { euiccPackageResultSigned: { euiccPackageResultDataSigned: data, euiccSignEPR: oct(SIG) } },
    // BF51 explicit over the CHOICE; the three alternatives have no written tags -> A0/A1/A2
    hex: tlv('BF51', tlv('A0',
      tlv('30', tlv('80', u(EIM)), tlv('81', '05'), withEtid ? tlv('82', ETID) : '', tlv('83', byte(seqNumber)),
        tlv('30', ...results.map((r) => r.hex))),
      tlv('5F37', SIG))),
  };
}

const enableOk = signedResult(12, [{ value: { enableResult: 0 }, hex: tlv('83', '00') }]);

const unsignedError = {
  value: { euiccPackageErrorUnsigned: { eimId: EIM } },
  hex: tlv('BF51', tlv('A2', tlv('80', u(EIM)))), // euiccPackageErrorUnsigned = automatic [2]
};

// ---- ESipa, v1.2 --------------------------------------------------------------------------

describe('ESipa EsipaMessageFromIpaToEim (SGP32Definitions v1.2)', () => {
  const T = 'EsipaMessageFromIpaToEim';
  // The CHOICE itself adds no tag; each alternative's [n] is implicit over an already tagged type.
  run([
    v12('initiateAuthenticationRequestEsipa', T,
      { initiateAuthenticationRequestEsipa: {
        euiccChallenge: oct(CHALLENGE), smdpAddress: SMDP, euiccInfo1: euiccInfo1.value, eimTransactionId: oct(ETID) } },
      // written tags inside; euiccInfo1 is an untagged reference to [32] SEQUENCE -> BF20
      tlv('BF39', tlv('81', CHALLENGE), tlv('83', u(SMDP)), euiccInfo1.hex, tlv('82', ETID))),

    v12('authenticateClientRequestEsipa (compact response)', T,
      { authenticateClientRequestEsipa: {
        transactionId: oct(TID),
        authenticateServerResponse: { compactAuthenticateResponseOk: {
          signedData: { compactEuiccSigned1: {
            extCardResource: oct(EXT_CARD),
            ctxParams1: { ctxParamsForCommonAuthentication: {
              matchingId: 'MATCHING-ID-1',
              deviceInfo: { tac: oct(TAC), deviceCapabilities: { gsmSupportedRelease: oct('0F0000'), eutranEpcSupportedRelease: oct('0F0000') } },
            } },
          } },
          euiccSignature1: oct(SIG),
        } },
      } },
      tlv('BF3B', tlv('80', TID),
        // [56] over the [56] CHOICE -> BF38; its alternatives are untagged, so compactAuthenticateResponseOk is automatic [2]
        tlv('BF38', tlv('A2',
          tlv('A0', // compactEuiccSigned1 [0]
            tlv('84', EXT_CARD),
            // ctxParams1 [2]: CtxParams1 is an untagged CHOICE -> explicit A2; its only alternative is automatic [0]
            tlv('A2', tlv('A0',
              // CtxParamsForCommonAuthentication / DeviceInfo / DeviceCapabilities: all automatic tags
              tlv('80', u('MATCHING-ID-1')),
              tlv('A1', tlv('80', TAC), tlv('A1', tlv('80', '0F0000'), tlv('85', '0F0000')))))),
          tlv('5F37', SIG))))),

    v12('getBoundProfilePackageRequestEsipa (compact response)', T,
      { getBoundProfilePackageRequestEsipa: {
        transactionId: oct(TID),
        prepareDownloadResponse: { compactDownloadResponseOk: {
          compactEuiccSigned2: { euiccOtpk: oct(OTPK), hashCc: oct(HASH_CC) }, euiccSignature2: oct(SIG) } },
      } },
      // BF21: [33] over [33] CHOICE; compactDownloadResponseOk is automatic [2]; in CompactEuiccSigned2
      // euiccOtpk has a written tag, so hashCc stays universal 04
      tlv('BF3A', tlv('80', TID),
        tlv('BF21', tlv('A2', tlv('30', tlv('5F49', OTPK), tlv('04', HASH_CC)), tlv('5F37', SIG))))),

    v12('cancelSessionRequestEsipa (compact response)', T,
      { cancelSessionRequestEsipa: {
        transactionId: oct(TID),
        cancelSessionResponse: { compactCancelSessionResponseOk: {
          compactEuiccCancelSessionSigned: { reason: 1 }, euiccCancelSessionSignature: oct(SIG) } },
      } },
      // CancelSessionRequestEsipa has no written tags -> transactionId [0] (80), cancelSessionResponse [1]
      // implicit over the [65] of SGP32-CancelSessionResponse (A1); compactCancelSessionResponseOk is
      // automatic [2]; CompactEuiccCancelSessionSigned {reason} gets automatic [0] -> 80
      tlv('BF41', tlv('80', TID), tlv('A1', tlv('A2', tlv('30', tlv('80', '01')), tlv('5F37', SIG))))),

    v12('handleNotificationEsipa (pendingNotification, compactOtherSignedNotification)', T,
      { handleNotificationEsipa: { pendingNotification: { compactOtherSignedNotification: {
        eidValue: oct(EID), tbsOtherNotification: metaEnable.value, euiccNotificationSignature: oct(SIG) } } } },
      // BF3D explicit over the CHOICE; pendingNotification [0] is on an untagged CHOICE -> explicit A0;
      // compactOtherSignedNotification [1] implicit over its SEQUENCE -> A1
      tlv('BF3D', tlv('A0', tlv('A1', tlv('5A', EID), metaEnable.hex, tlv('5F37', SIG))))),

    v12('handleNotificationEsipa (pendingNotification, profileInstallationResult)', T,
      { handleNotificationEsipa: { pendingNotification: { profileInstallationResult: pirSuccess.value } } },
      tlv('BF3D', tlv('A0', pirSuccess.hex))),

    v12('handleNotificationEsipa (provideEimPackageResult)', T,
      { handleNotificationEsipa: { provideEimPackageResult: {
        eidValue: oct(EID),
        eimPackageResult: { eimPackageResultResponseError: { eimTransactionId: oct(ETID), eimPackageResultErrorCode: 2 } } } } },
      // provideEimPackageResult [80] over [80] SEQUENCE -> BF50; eimPackageResultResponseError [0] over
      // a SEQUENCE -> A0, inside it the code has no tag -> 02
      tlv('BF3D', tlv('BF50', tlv('5A', EID), tlv('A0', tlv('80', ETID), tlv('02', '02'))))),

    v12('transferEimPackageResponse (eimPackageReceived)', T,
      { transferEimPackageResponse: { eimPackageReceived: null } },
      // other alternatives have written tags, so the NULL stays universal 05
      tlv('BF4E', tlv('05'))),

    v12('transferEimPackageResponse (ePRAndNotifications)', T,
      { transferEimPackageResponse: { ePRAndNotifications: {
        euiccPackageResult: unsignedError.value,
        notificationList: [{ compactProfileInstallationResult: {
          compactProfileInstallationResultData: {
            transactionId: oct(TID), seqNumber: 4, iccidPresent: true,
            compactFinalResult: { compactSuccessResult: { compactAid: oct('1000') } } },
          euiccSignPIR: oct(SIG) } }],
      } } },
      // ePRAndNotifications: untagged SEQUENCE -> 30; notificationList [0] -> A0; the item is
      // compactProfileInstallationResult [0] -> A0; its data [0] -> A0; iccidPresent is DEFAULT TRUE
      // and left out; compactFinalResult [2] explicit over an untagged CHOICE whose alternatives
      // get automatic tags -> A2 { A0 { 4F 02 1000 } }
      tlv('BF4E', tlv('30', unsignedError.hex,
        tlv('A0', tlv('A0',
          tlv('A0', tlv('80', TID), tlv('02', '04'), tlv('A2', tlv('A0', tlv('4F', '1000')))),
          tlv('5F37', SIG)))))),

    v12('getEimPackageRequest', T,
      { getEimPackageRequest: { eidValue: oct(EID), notifyStateChange: null, stateChangeCause: 4, rPLMN: oct(PLMN) } },
      tlv('BF4F', tlv('5A', EID), tlv('80'), tlv('81', '04'), tlv('82', PLMN))),

    v12('provideEimPackageResult (euiccPackageResult, signed)', T,
      { provideEimPackageResult: { eidValue: oct(EID), eimPackageResult: { euiccPackageResult: enableOk.value } } },
      // eimPackageResult is an untagged CHOICE: its alternative's tag (BF51) appears directly
      tlv('BF50', tlv('5A', EID), enableOk.hex)),
  ]);
});

describe('ESipa EsipaMessageFromEimToIpa (SGP32Definitions v1.2)', () => {
  const T = 'EsipaMessageFromEimToIpa';
  run([
    v12('initiateAuthenticationResponseEsipa (error)', T,
      { initiateAuthenticationResponseEsipa: { initiateAuthenticationErrorEsipa: 52 } },
      // alternatives untagged -> ok [0], error [1] implicit INTEGER -> 81
      tlv('BF39', tlv('81', '34'))),

    v12('authenticateClientResponseEsipa (okDS with profileDownloadTrigger)', T,
      { authenticateClientResponseEsipa: { authenticateClientOkDSEsipa: {
        transactionId: oct(TID),
        profileDownloadTrigger: { profileDownloadData: { contactSmds: { smdsAddress: SMDS } } } } } },
      // alternatives untagged -> okDS is automatic [1] (A1); profileDownloadData [0] is on an untagged
      // CHOICE -> explicit A0; contactSmds [2] -> A2; its lone untagged component -> automatic [0] 80
      tlv('BF3B', tlv('A1', tlv('80', TID), tlv('BF54', tlv('A0', tlv('A2', tlv('80', u(SMDS)))))))),

    v12('authenticateClientResponseEsipa (error)', T,
      { authenticateClientResponseEsipa: { authenticateClientErrorEsipa: 56 } },
      tlv('BF3B', tlv('82', '38'))), // error is automatic [2]

    v12('getBoundProfilePackageResponseEsipa (ok, bound profile package)', T,
      { getBoundProfilePackageResponseEsipa: { getBoundProfilePackageOkEsipa: {
        transactionId: oct(TID),
        boundProfilePackage: {
          initialiseSecureChannelRequest: {
            remoteOpId: 1,
            transactionId: oct(TID),
            controlRefTemplate: { keyType: oct('88'), keyLen: oct('10'), hostId: oct('0102030405060708') },
            smdpOtpk: oct(OTPK),
            smdpSign: oct(SIG),
          },
          firstSequenceOf87: [oct('0011223344')],
          sequenceOf88: [oct('5566778899')],
          sequenceOf86: [oct('AABBCCDDEEFF'), oct('0102')],
        },
      } } },
      // ok is automatic [0] (A0); BoundProfilePackage is [54] -> BF36; RemoteOpId ::= [2] INTEGER -> 82;
      // controlRefTemplate [6] IMPLICIT -> A6 with keyType 80, keyLen 81, hostId 84
      tlv('BF3A', tlv('A0', tlv('80', TID), tlv('BF36',
        tlv('BF23', tlv('82', '01'), tlv('80', TID),
          tlv('A6', tlv('80', '88'), tlv('81', '10'), tlv('84', '0102030405060708')),
          tlv('5F49', OTPK), tlv('5F37', SIG)),
        tlv('A0', tlv('87', '0011223344')),
        tlv('A1', tlv('88', '5566778899')),
        tlv('A3', tlv('86', 'AABBCCDDEEFF'), tlv('86', '0102')))))),

    v12('getBoundProfilePackageResponseEsipa (error)', T,
      { getBoundProfilePackageResponseEsipa: { getBoundProfilePackageErrorEsipa: 95 } },
      tlv('BF3A', tlv('81', '5F'))),

    v12('cancelSessionResponseEsipa (ok)', T,
      { cancelSessionResponseEsipa: { cancelSessionOk: {} } },
      tlv('BF41', tlv('A0'))), // cancelSessionOk automatic [0] over an empty SEQUENCE

    v12('transferEimPackageRequest (ipaEuiccDataRequest)', T,
      { transferEimPackageRequest: { ipaEuiccDataRequest: {
        tagList: oct('A081A2BF20BF22838487A8A9'),
        euiccCiPKIdentifierToBeUsed: oct(KEYID),
        searchCriteriaNotification: { seqNumber: 5 },
        searchCriteriaEuiccPackageResult: { seqNumber: 3 },
        eimTransactionId: oct(ETID) } } },
      // other components are tagged, so euiccCiPKIdentifierToBeUsed stays 04; the two search
      // criteria are [1]/[2] written on untagged CHOICEs -> explicit A1/A2
      tlv('BF4E', tlv('BF52', tlv('5C', 'A081A2BF20BF22838487A8A9'), tlv('04', KEYID),
        tlv('A1', tlv('80', '05')), tlv('A2', tlv('80', '03')), tlv('83', ETID)))),

    v12('transferEimPackageRequest (eimAcknowledgements)', T,
      { transferEimPackageRequest: { eimAcknowledgements: [7] } },
      tlv('BF4E', tlv('BF53', tlv('80', '07')))), // SequenceNumber ::= [0] INTEGER -> 80

    v12('getEimPackageResponse (euiccPackageRequest with psmoList)', T,
      { getEimPackageResponse: { euiccPackageRequest: {
        euiccPackageSigned: {
          eimId: EIM, eidValue: oct(EID), counterValue: 6, eimTransactionId: oct(ETID),
          euiccPackage: { psmoList: [
            { enable: { iccid: oct(ICCID), rollbackFlag: null } },
            { listProfileInfo: { searchCriteria: { profileClass: 2 }, tagList: oct('5A9F70') } },
          ] },
        },
        eimSignature: oct(SIG) } } },
      // EuiccPackage alternatives have no written tags -> psmoList [0] (A0); enable [3] -> A3 and
      // rollbackFlag (untagged next to a tagged iccid) -> 05 00; listProfileInfo [45] over the
      // [45] ProfileInfoListRequest -> BF2D; its searchCriteria [0] explicit over a CHOICE -> A0
      tlv('BF4F', tlv('BF51',
        tlv('30', tlv('80', u(EIM)), tlv('5A', EID), tlv('81', '06'), tlv('82', ETID),
          tlv('A0',
            tlv('A3', tlv('5A', ICCID), tlv('05')),
            tlv('BF2D', tlv('A0', tlv('95', '02')), tlv('5C', '5A9F70')))),
        tlv('5F37', SIG)))),

    v12('getEimPackageResponse (profileDownloadTriggerRequest)', T,
      { getEimPackageResponse: { profileDownloadTriggerRequest: { profileDownloadData: { contactDefaultSmdp: null } } } },
      tlv('BF4F', tlv('BF54', tlv('A0', tlv('81'))))),

    v12('getEimPackageResponse (eimPackageError)', T,
      { getEimPackageResponse: { eimPackageError: 1 } },
      tlv('BF4F', tlv('02', '01'))), // the other alternatives are tagged -> plain INTEGER

    v12('provideEimPackageResultResponse (eimAcknowledgements)', T,
      { provideEimPackageResultResponse: { eimAcknowledgements: [12, 13] } },
      tlv('BF50', tlv('BF53', tlv('80', '0C'), tlv('80', '0D')))),

    v12('provideEimPackageResultResponse (emptyResponse)', T,
      { provideEimPackageResultResponse: { emptyResponse: {} } },
      tlv('BF50', tlv('30'))),

    v12('provideEimPackageResultResponse (error)', T,
      { provideEimPackageResultResponse: { provideEimPackageResultError: 3 } },
      tlv('BF50', tlv('02', '03'))),
  ]);
});

// ---- ESipa, v1.0 (where the encoding differs) ---------------------------------------------

describe('ESipa (SGP32Definitions v1.0)', () => {
  const UP = 'EsipaMessageFromIpaToEim';
  const DOWN = 'EsipaMessageFromEimToIpa';
  run([
    v10('getEimPackageRequest, rPLMN at [1]', UP,
      { getEimPackageRequest: { eidValue: oct(EID), notifyStateChange: null, rPLMN: oct(PLMN) } },
      tlv('BF4F', tlv('5A', EID), tlv('80'), tlv('81', PLMN))),

    v10('provideEimPackageResult as a bare CHOICE (eimPackageError)', UP,
      { provideEimPackageResult: { eimPackageError: 2 } },
      tlv('BF50', tlv('02', '02'))),

    v10('provideEimPackageResult as a bare CHOICE (euiccPackageResult, unsigned error)', UP,
      { provideEimPackageResult: { euiccPackageResult: { euiccPackageErrorUnsigned: { eimId: EIM, associationToken: 1 } } } },
      tlv('BF50', tlv('BF51', tlv('A2', tlv('80', u(EIM)), tlv('84', '01'))))),

    v10('provideEimPackageResult (signed result, transactionId, configureAutoEnableResult)', UP,
      { provideEimPackageResult: { euiccPackageResult: { euiccPackageResultSigned: {
        euiccPackageResultDataSigned: {
          eimId: EIM, counterValue: 5, transactionId: oct(ETID), seqNumber: 2, euiccResult: [{ configureAutoEnableResult: 0 }] },
        euiccSignEPR: oct(SIG) } } } },
      tlv('BF50', tlv('BF51', tlv('A0',
        tlv('30', tlv('80', u(EIM)), tlv('81', '05'), tlv('82', ETID), tlv('83', '02'), tlv('30', tlv('87', '00'))),
        tlv('5F37', SIG))))),

    v10('handleNotificationEsipa (provideEimPackageResult is automatic [1] -> A1)', UP,
      { handleNotificationEsipa: { provideEimPackageResult: { eimPackageError: 1 } } },
      // v1.0 writes no tags on the alternatives -> [0]/[1]; [1] on the tagged [80] CHOICE is
      // implicit and replaces BF50 by A1 (still constructed, wrapping the alternative)
      tlv('BF3D', tlv('A1', tlv('02', '01')))),

    v10('handleNotificationEsipa (pendingNotification, compactOtherSignedNotification)', UP,
      { handleNotificationEsipa: { pendingNotification: { compactOtherSignedNotification: {
        tbsOtherNotification: metaEnable.value, euiccNotificationSignature: oct(SIG) } } } },
      // pendingNotification automatic [0] on an untagged CHOICE -> explicit A0 (no eidValue in v1.0)
      tlv('BF3D', tlv('A0', tlv('A1', metaEnable.hex, tlv('5F37', SIG))))),

    v10('transferEimPackageResponse (ePRAndNotifications with [43] notificationList)', UP,
      { transferEimPackageResponse: { ePRAndNotifications: {
        euiccPackageResult: { euiccPackageErrorUnsigned: { eimId: EIM } },
        notificationList: { notificationList: [{ compactOtherSignedNotification: {
          tbsOtherNotification: metaEnable.value, euiccNotificationSignature: oct(SIG) } }] } } } },
      // notificationList [43] over [43] CHOICE -> BF2B; its alternatives are untagged -> notificationList [0] A0
      tlv('BF4E', tlv('30', tlv('BF51', tlv('A2', tlv('80', u(EIM)))),
        tlv('BF2B', tlv('A0', tlv('A1', metaEnable.hex, tlv('5F37', SIG))))))),

    v10('provideEimPackageResultResponse (SEQUENCE with eimAcknowledgements)', DOWN,
      { provideEimPackageResultResponse: { eimAcknowledgements: [12] } },
      tlv('BF50', tlv('BF53', tlv('80', '0C')))),

    v10('provideEimPackageResultResponse (empty SEQUENCE)', DOWN,
      { provideEimPackageResultResponse: {} },
      tlv('BF50')),

    v10('getEimPackageResponse (eimPackageError)', DOWN,
      { getEimPackageResponse: { eimPackageError: 127 } },
      tlv('BF4F', tlv('02', '7F'))),
  ]);
});

// ---- ES10, SGP.32 commands (v1.2) ---------------------------------------------------------

describe('ES10b LoadEuiccPackage (BF51)', () => {
  // EuiccResultData: every alternative but processingTerminated has a written tag
  const intResults = signedResult(9, [
    { value: { enableResult: 0 }, hex: tlv('83', '00') },
    { value: { disableResult: 2 }, hex: tlv('84', '02') },
    { value: { deleteResult: 21 }, hex: tlv('85', '15') },
    { value: { configureImmediateEnableResult: 0 }, hex: tlv('87', '00') },
    { value: { deleteEimResult: 2 }, hex: tlv('89', '02') },
    { value: { updateEimResult: 6 }, hex: tlv('8A', '06') },
    { value: { rollbackResult: 0 }, hex: tlv('8C', '00') },
    { value: { setFallbackAttributeResult: 3 }, hex: tlv('8D', '03') },
    { value: { unsetFallbackAttributeResult: 2 }, hex: tlv('8E', '02') },
    { value: { processingTerminated: 3 }, hex: tlv('02', '03') }, // the only untagged alternative
    // [101] over [101] SEQUENCE {setDefaultDpAddressResult} whose component is automatic [0]
    { value: { setDefaultDpAddressResult: { setDefaultDpAddressResult: 0 } }, hex: tlv('BF65', tlv('80', '00')) },
  ]);
  const structuredResults = signedResult(10, [
    // AddEimResult is an untagged CHOICE -> [8] explicit (A8); associationToken [4] -> 84
    { value: { addEimResult: { associationToken: 9 } }, hex: tlv('A8', tlv('84', '09')) },
    { value: { addEimResult: { addEimResultCode: 2 } }, hex: tlv('A8', tlv('02', '02')) },
    // ListEimResult: untagged CHOICE -> [11] explicit (AB); eimIdList automatic [0] (A0)
    { value: { listEimResult: { eimIdList: [{ eimId: EIM, eimIdType: 2 }] } },
      hex: tlv('AB', tlv('A0', tlv('30', tlv('80', u(EIM)), tlv('82', '02')))) },
    { value: { listEimResult: { listEimError: 127 } }, hex: tlv('AB', tlv('81', '7F')) },
    // RulesAuthorisationTable: [6] over SEQUENCE OF -> A6; ProfilePolicyAuthorisationRule and
    // OperatorId have no written tags -> 80/A1/82 and mccMnc 80; ppr1 = bit 1 (06 40)
    { value: { getRATResult: [{ pprIds: ['ppr1'], allowedOperators: [{ mccMnc: oct(PLMN) }], pprFlags: ['consentRequired'] }] },
      hex: tlv('A6', tlv('30', tlv('80', '0640'), tlv('A1', tlv('30', tlv('80', PLMN))), tlv('82', '0780'))) },
    // [45] over [45] CHOICE -> BF2D; profileInfoListOk automatic [0] (A0); ProfileInfo is E3.
    // fallbackAttribute is DEFAULT FALSE: present when TRUE, left out (but decoded) when FALSE
    { value: { listProfileInfoResult: { profileInfoListOk: [
      { iccid: oct(ICCID), isdpAid: oct(ISDP_AID), profileState: 1, profileName: 'Operator A', profileClass: 2,
        ecallIndication: false, fallbackAttribute: true, fallbackAllowed: true },
      { iccid: oct(ICCID2), profileState: 0, fallbackAttribute: false },
    ] } },
    hex: tlv('BF2D', tlv('A0',
      tlv('E3', tlv('5A', ICCID), tlv('4F', ISDP_AID), tlv('9F70', '01'), tlv('92', u('Operator A')), tlv('95', '02'),
        tlv('9F7B', '00'), tlv('9F26', 'FF'), tlv('9F67', 'FF')),
      tlv('E3', tlv('5A', ICCID2), tlv('9F70', '00')))) },
    { value: { listProfileInfoResult: { profileInfoListError: 11 } }, hex: tlv('BF2D', tlv('81', '0B')) },
  ], false);

  run([
    v12('EuiccPackageRequest with every PSMO', 'EuiccPackageRequest',
      { euiccPackageSigned: {
        eimId: EIM, eidValue: oct(EID), counterValue: 300, eimTransactionId: oct(ETID),
        euiccPackage: { psmoList: [
          { enable: { iccid: oct(ICCID) } },
          { disable: { iccid: oct(ICCID2) } },
          { delete: { iccid: oct(ICCID2) } },
          { listProfileInfo: {} },
          { getRAT: {} },
          { configureImmediateEnable: { immediateEnableFlag: null, defaultSmdpOid: OID_DP, defaultSmdpAddress: SMDP } },
          { setFallbackAttribute: { iccid: oct(ICCID) } },
          { unsetFallbackAttribute: {} },
          { setDefaultDpAddress: { defaultDpAddress: SMDP } },
        ] } },
        eimSignature: oct(SIG) },
      tlv('BF51',
        tlv('30', tlv('80', u(EIM)), tlv('5A', EID), tlv('81', '012C'), tlv('82', ETID),
          tlv('A0',
            tlv('A3', tlv('5A', ICCID)),
            tlv('A4', tlv('5A', ICCID2)),
            tlv('A5', tlv('5A', ICCID2)),
            tlv('BF2D'),
            tlv('A6'),
            tlv('A7', tlv('80'), tlv('81', OID_DP_HEX), tlv('82', u(SMDP))),
            tlv('A8', tlv('5A', ICCID)),
            tlv('A9'),
            // [101] over SGP32-SetDefaultDpAddressRequest ([101] SEQUENCE) -> BF65; its lone
            // untagged component gets automatic [0] -> 80
            tlv('BF65', tlv('80', u(SMDP))))),
        tlv('5F37', SIG))),

    v12('EuiccPackageRequest with every eCO', 'EuiccPackageRequest',
      { euiccPackageSigned: {
        eimId: EIM, eidValue: oct(EID), counterValue: 7,
        euiccPackage: { ecoList: [
          { addEim: eimConfig.value },
          { deleteEim: { eimId: 'eim-old' } },
          { updateEim: { eimId: EIM, counterValue: 10 } },
          { listEim: {} },
        ] } },
        eimSignature: oct(SIG) },
      // ecoList is automatic [1] -> A1; addEim [8]/updateEim [10] are implicit over the SEQUENCE
      tlv('BF51',
        tlv('30', tlv('80', u(EIM)), tlv('5A', EID), tlv('81', '07'),
          tlv('A1',
            tlv('A8', eimConfig.body),
            tlv('A9', tlv('80', u('eim-old'))),
            tlv('AA', tlv('80', u(EIM)), tlv('83', '0A')),
            tlv('AB'))),
        tlv('5F37', SIG))),

    v12('EuiccPackageResult signed, INTEGER results', 'EuiccPackageResult', intResults.value, intResults.hex),
    v12('EuiccPackageResult signed, structured results', 'EuiccPackageResult', structuredResults.value, structuredResults.hex),

    v12('EuiccPackageResult errorSigned', 'EuiccPackageResult',
      { euiccPackageErrorSigned: {
        euiccPackageErrorDataSigned: { eimId: EIM, counterValue: 5, eimTransactionId: oct(ETID), euiccPackageErrorCode: 4 },
        euiccSignEPE: oct(SIG) } },
      // automatic [1] -> A1; the error code is untagged next to tagged components -> 02
      tlv('BF51', tlv('A1', tlv('30', tlv('80', u(EIM)), tlv('81', '05'), tlv('82', ETID), tlv('02', '04')), tlv('5F37', SIG)))),

    v12('EuiccPackageResult errorUnsigned', 'EuiccPackageResult',
      { euiccPackageErrorUnsigned: { eimId: EIM, eimTransactionId: oct(ETID), associationToken: 7 } },
      tlv('BF51', tlv('A2', tlv('80', u(EIM)), tlv('82', ETID), tlv('84', '07')))),
  ]);
});

describe('ES10b eIM configuration: GetEimConfigurationData (BF55), AddInitialEim (BF57)', () => {
  run([
    v12('GetEimConfigurationDataRequest, no search', 'GetEimConfigurationDataRequest', {}, tlv('BF55')),
    v12('GetEimConfigurationDataRequest, by eimId', 'GetEimConfigurationDataRequest',
      { searchCriteria: { eimId: EIM } },
      // lone untagged component -> automatic [0], explicit because it is a CHOICE -> A0 { 80 .. }
      tlv('BF55', tlv('A0', tlv('80', u(EIM))))),
    v12('GetEimConfigurationDataResponse', 'GetEimConfigurationDataResponse',
      { eimConfigurationDataList: [eimConfig.value] },
      tlv('BF55', tlv('A0', tlv('30', eimConfig.body)))),

    v12('AddInitialEimRequest', 'AddInitialEimRequest',
      { eimConfigurationDataList: [eimConfig.value, { eimId: 'eim-2' }] },
      tlv('BF57', tlv('A0', tlv('30', eimConfig.body), tlv('30', tlv('80', u('eim-2')))))),
    v12('AddInitialEimResponse ok', 'AddInitialEimResponse',
      { addInitialEimOk: [{ associationToken: 1 }, { addOk: null }] },
      // addInitialEimOk automatic [0] (A0); inner CHOICE has a written tag -> 84 / 05 00
      tlv('BF57', tlv('A0', tlv('84', '01'), tlv('05')))),
    v12('AddInitialEimResponse error', 'AddInitialEimResponse',
      { addInitialEimError: 2 },
      tlv('BF57', tlv('81', '02'))),
  ]);
});

describe('ES10b GetCerts (BF56)', () => {
  run([
    v12('GetCertsRequest, empty', 'GetCertsRequest', {}, tlv('BF56')),
    v12('GetCertsRequest with euiccCiPKId', 'GetCertsRequest',
      { euiccCiPKId: oct(KEYID) },
      tlv('BF56', tlv('80', KEYID))), // lone untagged component -> automatic [0]
    v12('GetCertsResponse error', 'GetCertsResponse',
      { getCertsError: 1 },
      tlv('BF56', tlv('81', '01'))), // certs [0], getCertsError [1] (automatic)
  ]);
});

describe('ES10b profile state: rollback, immediate enable, emergency, fallback (BF58-BF5E)', () => {
  const rollback = signedResult(13, [{ value: { rollbackResult: 0 }, hex: tlv('8C', '00') }], false);
  run([
    // SEQUENCE { refreshFlag BOOLEAN }: lone untagged component -> automatic [0] -> 80 01 xx
    v12('ProfileRollbackRequest', 'ProfileRollbackRequest', { refreshFlag: true }, tlv('BF58', tlv('80', 'FF'))),
    v12('ProfileRollbackResponse with EuiccPackageResult', 'ProfileRollbackResponse',
      { cmdResult: 0, eUICCPackageResult: rollback.value },
      // cmdResult is untagged next to a tagged component -> 02; [81] over [81] CHOICE -> BF51
      tlv('BF58', tlv('02', '00'), rollback.hex)),

    v12('ConfigureImmediateProfileEnablingRequest', 'ConfigureImmediateProfileEnablingRequest',
      { immediateEnableFlag: null, defaultSmdpOid: OID_DP, defaultSmdpAddress: SMDP },
      tlv('BF59', tlv('80'), tlv('81', OID_DP_HEX), tlv('82', u(SMDP)))),
    v12('ConfigureImmediateProfileEnablingResponse', 'ConfigureImmediateProfileEnablingResponse',
      { configImmediateEnableResult: 0 }, tlv('BF59', tlv('80', '00'))),

    v12('ImmediateEnableRequest', 'ImmediateEnableRequest', { refreshFlag: false }, tlv('BF5A', tlv('80', '00'))),
    v12('ImmediateEnableResponse', 'ImmediateEnableResponse', { immediateEnableResult: 4 }, tlv('BF5A', tlv('80', '04'))),

    v12('EnableEmergencyProfileRequest', 'EnableEmergencyProfileRequest', { refreshFlag: true }, tlv('BF5B', tlv('80', 'FF'))),
    v12('EnableEmergencyProfileResponse', 'EnableEmergencyProfileResponse',
      { enableEmergencyProfileResult: 8 }, tlv('BF5B', tlv('80', '08'))),

    v12('DisableEmergencyProfileRequest', 'DisableEmergencyProfileRequest', { refreshFlag: false }, tlv('BF5C', tlv('80', '00'))),
    v12('DisableEmergencyProfileResponse', 'DisableEmergencyProfileResponse',
      { disableEmergencyProfileResult: 2 }, tlv('BF5C', tlv('80', '02'))),

    v12('ExecuteFallbackMechanismRequest', 'ExecuteFallbackMechanismRequest', { refreshFlag: true }, tlv('BF5D', tlv('80', 'FF'))),
    v12('ExecuteFallbackMechanismResponse', 'ExecuteFallbackMechanismResponse',
      { executeFallbackMechanismResult: 104 }, tlv('BF5D', tlv('80', '68'))),

    v12('ReturnFromFallbackRequest', 'ReturnFromFallbackRequest', { refreshFlag: false }, tlv('BF5E', tlv('80', '00'))),
    v12('ReturnFromFallbackResponse', 'ReturnFromFallbackResponse',
      { returnFromFallbackResult: 6 }, tlv('BF5E', tlv('80', '06'))),
  ]);
});

describe('ES10 device configuration: connectivity (BF5F), memory reset (BF64), IPAe (BF42), default DP (BF65)', () => {
  run([
    v12('GetConnectivityParametersRequest', 'GetConnectivityParametersRequest', {}, tlv('BF5F')),
    v12('GetConnectivityParametersResponse ok', 'GetConnectivityParametersResponse',
      { connectivityParameters: { httpParams: oct('0102030405') } },
      tlv('BF5F', tlv('A0', tlv('81', '0102030405')))), // automatic [0] over the SEQUENCE
    v12('GetConnectivityParametersResponse error', 'GetConnectivityParametersResponse',
      { connectivityParametersError: 1 },
      tlv('BF5F', tlv('81', '01'))),

    v12('EuiccMemoryResetRequest', 'EuiccMemoryResetRequest',
      { resetOptions: ['deleteOperationalProfiles', 'resetEimConfigData', 'resetImmediateEnableConfig'] },
      tlv('BF64', tlv('82', '01 86'))), // bits 0,5,6 -> 0x86, 1 unused bit
    v12('EuiccMemoryResetResponse', 'EuiccMemoryResetResponse',
      { resetResult: 0, resetEimResult: 0, resetImmediateEnableConfigResult: 1 },
      tlv('BF64', tlv('80', '00'), tlv('81', '00'), tlv('82', '01'))), // no written tags -> automatic

    v12('IpaeActivationRequest', 'IpaeActivationRequest',
      { ipaeOption: ['activateIpae'] },
      tlv('BF42', tlv('80', '07 80'))),
    v12('IpaeActivationResponse', 'IpaeActivationResponse',
      { ipaeActivationResult: 1 }, tlv('BF42', tlv('80', '01'))),

    v12('SetDefaultDpAddressRequest (SGP.32)', 'SetDefaultDpAddressRequest',
      { defaultDpAddress: SMDP }, tlv('BF65', tlv('80', u(SMDP)))),
    v12('SetDefaultDpAddressResponse (SGP.32)', 'SetDefaultDpAddressResponse',
      { setDefaultDpAddressResult: 0 }, tlv('BF65', tlv('80', '00'))),
  ]);
});

describe('ES10b RetrieveNotificationsList, SGP.32 form (BF2B)', () => {
  run([
    v12('RetrieveNotificationsListRequest, all', 'RetrieveNotificationsListRequest', {}, tlv('BF2B')),
    v12('RetrieveNotificationsListRequest, euiccPackageResults', 'RetrieveNotificationsListRequest',
      { searchCriteria: { euiccPackageResults: null } },
      // lone untagged component -> automatic [0], explicit over the CHOICE
      tlv('BF2B', tlv('A0', tlv('82')))),
    v12('RetrieveNotificationsListRequest, seqNumber', 'RetrieveNotificationsListRequest',
      { searchCriteria: { seqNumber: 5 } },
      tlv('BF2B', tlv('A0', tlv('80', '05')))),
    v12('RetrieveNotificationsListResponse, notificationList', 'RetrieveNotificationsListResponse',
      { notificationList: [
        { profileInstallationResult: pirSuccess.value },
        { compactOtherSignedNotification: { tbsOtherNotification: metaEnable.value, euiccNotificationSignature: oct(SIG) } },
      ] },
      // alternatives untagged -> notificationList [0] (A0), error [1], euiccPackageResultList [2] (A2)
      tlv('BF2B', tlv('A0', pirSuccess.hex, tlv('A1', metaEnable.hex, tlv('5F37', SIG))))),
    v12('RetrieveNotificationsListResponse, euiccPackageResultList', 'RetrieveNotificationsListResponse',
      { euiccPackageResultList: [unsignedError.value] },
      tlv('BF2B', tlv('A2', unsignedError.hex))),
    v12('RetrieveNotificationsListResponse, error', 'RetrieveNotificationsListResponse',
      { notificationsListResultError: 127 },
      tlv('BF2B', tlv('81', '7F'))),
  ]);
});

describe('eIM packages: IpaEuiccData (BF52), ProfileDownloadTrigger (BF54), EimAcknowledgements (BF53)', () => {
  run([
    v12('IpaEuiccDataRequest', 'IpaEuiccDataRequest',
      { tagList: oct('81BF20BF22'), searchCriteriaNotification: { profileManagementOperation: ['notificationInstall'] },
        eimTransactionId: oct(ETID) },
      tlv('BF52', tlv('5C', '81BF20BF22'), tlv('A1', tlv('81', '0780')), tlv('83', ETID))),

    v12('IpaEuiccDataResponse, ipaEuiccData', 'IpaEuiccDataResponse',
      { ipaEuiccData: {
        notificationsList: [{ compactOtherSignedNotification: { tbsOtherNotification: metaEnable.value, euiccNotificationSignature: oct(SIG) } }],
        defaultSmdpAddress: SMDP,
        euiccPackageResultList: [unsignedError.value],
        euiccInfo1: euiccInfo1.value,
        euiccInfo2: euiccInfo2.value,
        rootSmdsAddress: SMDS,
        associationToken: 7,
        eimTransactionId: oct(ETID),
        ipaCapabilities: {
          ipaFeatures: ['indirectRspServerCommunication', 'eimDownloadDataHandling', 'minimizeEsipaBytes'],
          ipaSupportedProtocols: ['ipaRetrieveHttps'] },
        deviceInfo: { tac: oct(TAC), deviceCapabilities: { eutranEpcSupportedRelease: oct('0F0000') }, imei: oct(IMEI) },
      } },
      // the CHOICE's alternatives are untagged SEQUENCEs -> ipaEuiccData automatic [0] (A0);
      // components are in definition order (BF20/BF22 come before 83)
      tlv('BF52', tlv('A0',
        tlv('A0', tlv('A1', metaEnable.hex, tlv('5F37', SIG))),
        tlv('81', u(SMDP)),
        tlv('A2', unsignedError.hex),
        euiccInfo1.hex,
        euiccInfo2.hex,
        tlv('83', u(SMDS)),
        tlv('84', '07'),
        tlv('87', ETID),
        // ipaFeatures bits 1,2,5 -> 0x64, 2 unused bits; ipaRetrieveHttps bit 0 -> 07 80
        tlv('A8', tlv('80', '02 64'), tlv('81', '07 80')),
        // DeviceInfo/DeviceCapabilities have no written tags: tac [0], deviceCapabilities [1],
        // imei [2]; eutranEpcSupportedRelease is the 6th component -> [5]
        tlv('A9', tlv('80', TAC), tlv('A1', tlv('85', '0F0000')), tlv('82', IMEI))))),

    v12('IpaEuiccDataResponse, error', 'IpaEuiccDataResponse',
      { ipaEuiccDataResponseError: { eimTransactionId: oct(ETID), ipaEuiccDataErrorCode: 104 } },
      tlv('BF52', tlv('A1', tlv('80', ETID), tlv('02', '68')))),

    v12('ProfileDownloadTriggerRequest, activation code', 'ProfileDownloadTriggerRequest',
      { profileDownloadData: { activationCode: AC }, eimTransactionId: oct(ETID) },
      tlv('BF54', tlv('A0', tlv('80', u(AC))), tlv('82', ETID))),

    v12('ProfileDownloadTriggerResult, profileDownloadError', 'ProfileDownloadTriggerResult',
      { eimTransactionId: oct(ETID), profileDownloadTriggerResultData: {
        profileDownloadError: { profileDownloadErrorReason: 104, errorResponse: oct('BF3A03810101') } } },
      // the inner CHOICE has a tagged alternative -> profileDownloadError stays 30; inside it
      // errorResponse is untagged next to a tagged component -> 04
      tlv('BF54', tlv('82', ETID), tlv('30', tlv('80', '68'), tlv('04', 'BF3A03810101')))),

    v12('ProfileDownloadTriggerResult, profileInstallationResult', 'ProfileDownloadTriggerResult',
      { eimTransactionId: oct(ETID), profileDownloadTriggerResultData: { profileInstallationResult: pirError.value } },
      tlv('BF54', tlv('82', ETID), pirError.hex)),

    v12('EimAcknowledgements', 'EimAcknowledgements',
      [1, 2, 128],
      tlv('BF53', tlv('80', '01'), tlv('80', '02'), tlv('80', '0080'))), // 128 needs a leading 00
    v12('EimAcknowledgements, empty', 'EimAcknowledgements', [], tlv('BF53')),
  ]);
});

// ---- ES10, SGP.22 commands used by the IPA (RSPDefinitions) -------------------------------

describe('ES10 SGP.22 commands (RSPDefinitions)', () => {
  run([
    rsp('GetEuiccDataRequest (GetEID)', 'GetEuiccDataRequest', { tagList: oct('5A') }, 'BF3E035C015A'),
    rsp('GetEuiccDataResponse', 'GetEuiccDataResponse', { eidValue: oct(EID) }, 'BF3E125A10' + EID),
    rsp('GetEuiccChallengeRequest', 'GetEuiccChallengeRequest', {}, 'BF2E00'),
    rsp('GetEuiccChallengeResponse', 'GetEuiccChallengeResponse',
      { euiccChallenge: oct(CHALLENGE) },
      tlv('BF2E', tlv('80', CHALLENGE))), // lone untagged component -> automatic [0]
    rsp('GetEuiccInfo1Request', 'GetEuiccInfo1Request', {}, 'BF2000'),
    rsp('EUICCInfo1', 'EUICCInfo1', euiccInfo1.value, euiccInfo1.hex),
    rsp('ProfileInfoListRequest, all', 'ProfileInfoListRequest', {}, 'BF2D00'),
    rsp('ProfileInfoListRequest by ICCID', 'ProfileInfoListRequest',
      { searchCriteria: { iccid: oct(ICCID) }, tagList: oct('5A9F70') },
      tlv('BF2D', tlv('A0', tlv('5A', ICCID)), tlv('5C', '5A9F70'))),
    rsp('EuiccConfiguredAddressesRequest', 'EuiccConfiguredAddressesRequest', {}, 'BF3C00'),
    rsp('EuiccConfiguredAddressesResponse', 'EuiccConfiguredAddressesResponse',
      { defaultDpAddress: SMDP, rootDsAddress: SMDS },
      tlv('BF3C', tlv('80', u(SMDP)), tlv('81', u(SMDS)))), // no written tags -> automatic
  ]);
});
