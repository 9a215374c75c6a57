/**
 * PEDefinitions, the TCA (formerly SIMalliance) eUICC Profile Package: Interoperable Format
 * ("SAIP"), version three {2 23 143 1 1 3}: every type assignment of the module, in module
 * order, written in the schema DSL (the value assignments maxUInt8... are folded into the UInt
 * ranges). RSPDefinitions imports UICCCapability from here; the SM-DP+ binds a sequence of DER
 * ProfileElements (the Unprotected Profile Package) into the BPP.
 *
 * The template PEs list dozens of `File OPTIONAL` components; they are written several to a line,
 * still in module order, which is what fixes their automatic tags.
 */
import { FieldMod, ModuleDef, TypeDef, app, bits, choice, dflt, int, nul, octets, oid, opt, priv, ref, seq, seqOf, tag, utf8 } from '../schema';

const file = ref('File');
const optFile = opt(file);
const aid = ref('ApplicationIdentifier');
const uint8 = ref('UInt8');
const uint16 = ref('UInt16');
const header = ref('PEHeader');
const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

/** `name File OPTIONAL` for each name, in the order given. */
function optFiles(...names: string[]): Record<string, FieldMod> {
  return Object.fromEntries(names.map((n) => [n, optFile]));
}

const PIN_KEY_REFERENCES = {
  pinAppl1: 1, pinAppl2: 2, pinAppl3: 3, pinAppl4: 4, pinAppl5: 5, pinAppl6: 6, pinAppl7: 7, pinAppl8: 8,
  adm1: 10, adm2: 11, adm3: 12, adm4: 13, adm5: 14,
  secondPINAppl1: 129, secondPINAppl2: 130, secondPINAppl3: 131, secondPINAppl4: 132,
  secondPINAppl5: 133, secondPINAppl6: 134, secondPINAppl7: 135, secondPINAppl8: 136,
  adm6: 138, adm7: 139, adm8: 140, adm9: 141, adm10: 142,
};

const PUK_KEY_REFERENCES = {
  pukAppl1: 1, pukAppl2: 2, pukAppl3: 3, pukAppl4: 4, pukAppl5: 5, pukAppl6: 6, pukAppl7: 7, pukAppl8: 8,
  secondPUKAppl1: 129, secondPUKAppl2: 130, secondPUKAppl3: 131, secondPUKAppl4: 132,
  secondPUKAppl5: 133, secondPUKAppl6: 134, secondPUKAppl7: 135, secondPUKAppl8: 136,
};

/** The module's DEFAULT for xoringConstants: Milenage c1..c5 of 3GPP TS 35.206. */
const MILENAGE_XORING = hex('00'.repeat(16) + '00'.repeat(15) + '01' + '00'.repeat(15) + '02' + '00'.repeat(15) + '04' + '00'.repeat(15) + '08');

const types: Record<string, TypeDef> = {
  UInt8: int(undefined, 0, 255),
  UInt15: int(undefined, 0, 32767),
  UInt16: int(undefined, 0, 65535),
  UInt31: int(undefined, 0, 2147483647),

  ApplicationIdentifier: octets(5, 16),

  PEHeader: seq({
    mandated: opt(nul()),
    identification: ref('UInt15'),
  }),

  ProfileElement: choice({
    header: ref('ProfileHeader'),
    genericFileManagement: ref('PE-GenericFileManagement'),
    pinCodes: ref('PE-PINCodes'),
    pukCodes: ref('PE-PUKCodes'),
    akaParameter: ref('PE-AKAParameter'),
    cdmaParameter: ref('PE-CDMAParameter'),
    securityDomain: ref('PE-SecurityDomain'),
    rfm: ref('PE-RFM'),
    application: ref('PE-Application'),
    nonStandard: ref('PE-NonStandard'),
    end: ref('PE-End'),
    rfu1: ref('PE-Dummy'),
    rfu2: ref('PE-Dummy'),
    rfu3: ref('PE-Dummy'),
    rfu4: ref('PE-Dummy'),
    rfu5: ref('PE-Dummy'),
    mf: ref('PE-MF'),
    cd: ref('PE-CD'),
    telecom: ref('PE-TELECOM'),
    usim: ref('PE-USIM'),
    'opt-usim': ref('PE-OPT-USIM'),
    isim: ref('PE-ISIM'),
    'opt-isim': ref('PE-OPT-ISIM'),
    phonebook: ref('PE-PHONEBOOK'),
    'gsm-access': ref('PE-GSM-ACCESS'),
    csim: ref('PE-CSIM'),
    'opt-csim': ref('PE-OPT-CSIM'),
    eap: ref('PE-EAP'),
    'df-5gs': ref('PE-DF-5GS'),
    'df-saip': ref('PE-DF-SAIP'),
    'df-snpn': ref('PE-DF-SNPN'),
    'df-5gprose': ref('PE-DF-5GPROSE'),
    iot: ref('PE-IoT'),
    'opt-iot': ref('PE-OPT-IoT'),
  }),

  'PE-Dummy': seq({}),

  ProfileHeader: seq({
    'major-version': uint8,
    'minor-version': uint8,
    profileType: opt(utf8(1, 100)),
    iccid: octets(10),
    pol: opt(octets()),
    'eUICC-Mandatory-services': ref('ServicesList'),
    'eUICC-Mandatory-GFSTEList': seqOf(oid()),
    connectivityParameters: opt(octets()),
    'eUICC-Mandatory-AIDs': opt(seqOf(seq({
      aid,
      version: octets(2),
    }))),
    iotOptions: opt(ref('IotOptions')),
  }),

  IotOptions: seq({
    pix: octets(7, 11),
  }),

  ServicesList: seq(Object.fromEntries([
    'contactless',
    'usim', 'isim', 'csim',
    'milenage', 'tuak128', 'cave',
    'gba-usim', 'gba-isim', 'mbms',
    'eap',
    'javacard', 'multos',
    'multiple-usim', 'multiple-isim', 'multiple-csim',
    'tuak256', 'usim-test-algorithm',
    'ber-tlv',
    'dfLink',
    'cat-tp',
    'get-identity', 'profile-a-x25519', 'profile-b-p256', 'suciCalculatorApi',
    'dns-resolution',
    'scp11ac', 'scp11c-authorization-mechanism',
    's16mode',
    'eaka',
  ].map((n) => [n, opt(nul())]))),

  UICCCapability: bits({
    contactlessSupport: 0,
    usimSupport: 1,
    isimSupport: 2,
    csimSupport: 3,
    akaMilenage: 4,
    akaCave: 5,
    akaTuak128: 6,
    akaTuak256: 7,
    usimTestAlgorithm: 8,
    rfu2: 9,
    gbaAuthenUsim: 10,
    gbaAuthenISim: 11,
    mbmsAuthenUsim: 12,
    eapClient: 13,
    javacard: 14,
    multos: 15,
    multipleUsimSupport: 16,
    multipleIsimSupport: 17,
    multipleCsimSupport: 18,
    berTlvFileSupport: 19,
    dfLinkSupport: 20,
    catTp: 21,
    getIdentity: 22,
    'profile-a-x25519': 23,
    'profile-b-p256': 24,
    suciCalculatorApi: 25,
    'dns-resolution': 26,
    scp11ac: 27,
    'scp11c-authorization-mechanism': 28,
    s16mode: 29,
    eaka: 30,
    iotminimal: 31,
  }),

  ProprietaryInfo: seq({
    specialFileInformation: dflt(priv(0, octets(1)), hex('00')),
    fillPattern: opt(priv(1, octets(1, 200))),
    repeatPattern: opt(priv(2, octets(1, 200))),
    maximumFileSize: opt(tag(6, octets())),
    fileDetails: dflt(tag(4, octets(1)), hex('01')),
  }),

  Fcp: seq({
    fileDescriptor: opt(tag(2, octets(2, 4))),
    fileID: opt(tag(3, octets(2))),
    dfName: opt(tag(4, aid)),
    lcsi: dflt(tag(10, octets(1)), hex('05')),
    securityAttributesReferenced: opt(tag(11, octets(1, 3))),
    efFileSize: opt(tag(0, octets())),
    pinStatusTemplateDO: opt(priv(6, octets())),
    shortEFID: opt(tag(8, octets(0, 1))),
    proprietaryEFInfo: opt(tag(5, ref('ProprietaryInfo'))),
    linkPath: opt(priv(7, octets(0, 8))),
  }),

  File: seqOf(choice({
    doNotCreate: nul(),
    fileDescriptor: ref('Fcp'),
    fillFileOffset: uint16,
    fillFileContent: octets(),
  })),

  'PE-MF': seq({
    'mf-header': header, templateID: oid(),
    mf: file, 'ef-pl': optFile, 'ef-iccid': file, 'ef-dir': file, 'ef-arr': file, 'ef-umpc': optFile,
  }),

  'PE-CD': seq({
    'cd-header': header, templateID: oid(),
    'df-cd': file, 'ef-launchpad': optFile, 'ef-icon': optFile,
  }),

  'PE-TELECOM': seq({
    'telecom-header': header, templateID: oid(),
    'df-telecom': file,
    ...optFiles('ef-arr', 'ef-rma', 'ef-sume', 'ef-ice-dn', 'ef-ice-ff', 'ef-psismsc'),
    ...optFiles('df-graphics', 'ef-img', 'ef-iidf', 'ef-ice-graphics', 'ef-launch-scws', 'ef-icon'),
    ...optFiles('df-phonebook', 'ef-pbr', 'ef-ext1', 'ef-aas', 'ef-gas', 'ef-psc', 'ef-cc', 'ef-puid', 'ef-iap',
      'ef-adn', 'ef-pbc', 'ef-anr', 'ef-puri', 'ef-email', 'ef-sne', 'ef-uid', 'ef-grp', 'ef-ccp1'),
    ...optFiles('df-multimedia', 'ef-mml', 'ef-mmdf'),
    ...optFiles('df-mmss', 'ef-mlpl', 'ef-mspl', 'ef-mmssmode'),
    ...optFiles('df-mcs', 'ef-mst', 'ef-mcs-config'),
    ...optFiles('df-v2x', 'ef-vst', 'ef-v2x-config', 'ef-v2xp-pc5', 'ef-v2xp-Uu'),
  }),

  'PE-USIM': seq({
    'usim-header': header, templateID: oid(),
    'adf-usim': file, 'ef-imsi': file, 'ef-arr': file,
    ...optFiles('ef-keys', 'ef-keysPS', 'ef-hpplmn'),
    'ef-ust': file,
    ...optFiles('ef-fdn', 'ef-sms', 'ef-smsp', 'ef-smss'),
    'ef-spn': file, 'ef-est': file,
    ...optFiles('ef-start-hfn', 'ef-threshold', 'ef-psloci'),
    'ef-acc': file,
    ...optFiles('ef-fplmn', 'ef-loci', 'ef-ad'),
    'ef-ecc': file,
    ...optFiles('ef-netpar', 'ef-epsloci', 'ef-epsnsc'),
  }),

  'PE-OPT-USIM': seq({
    'optusim-header': header, templateID: oid(),
    ...optFiles('ef-li', 'ef-acmax', 'ef-acm', 'ef-gid1', 'ef-gid2', 'ef-msisdn', 'ef-puct', 'ef-cbmi', 'ef-cbmid',
      'ef-sdn', 'ef-ext2', 'ef-ext3', 'ef-cbmir', 'ef-plmnwact', 'ef-oplmnwact', 'ef-hplmnwact', 'ef-dck', 'ef-cnl',
      'ef-smsr', 'ef-bdn', 'ef-ext5', 'ef-ccp2', 'ef-ext4', 'ef-acl', 'ef-cmi', 'ef-ici', 'ef-oci', 'ef-ict', 'ef-oct',
      'ef-vgcs', 'ef-vgcss', 'ef-vbs', 'ef-vbss', 'ef-emlpp', 'ef-aaem', 'ef-hiddenkey', 'ef-pnn', 'ef-opl', 'ef-mbdn',
      'ef-ext6', 'ef-mbi', 'ef-mwis', 'ef-cfis', 'ef-ext7', 'ef-spdi', 'ef-mmsn', 'ef-ext8', 'ef-mmsicp', 'ef-mmsup',
      'ef-mmsucp', 'ef-nia', 'ef-vgcsca', 'ef-vbsca', 'ef-gbabp', 'ef-msk', 'ef-muk', 'ef-ehplmn', 'ef-gbanl',
      'ef-ehplmnpi', 'ef-lrplmnsi', 'ef-nafkca', 'ef-spni', 'ef-pnni', 'ef-ncp-ip', 'ef-ufc', 'ef-nasconfig',
      'ef-uicciari', 'ef-pws', 'ef-fdnuri', 'ef-bdnuri', 'ef-sdnuri', 'ef-ial', 'ef-ips', 'ef-ipd', 'ef-epdgid',
      'ef-epdgselection', 'ef-epdgidem', 'ef-epdgselectionem', 'ef-frompreferred', 'ef-imsconfigdata',
      'ef-3gpppsdataoff', 'ef-3gpppsdataoffservicelist', 'ef-xcapconfigdata', 'ef-earfcnlist', 'ef-mudmidconfigdata',
      'ef-eaka'),
  }),

  'PE-PHONEBOOK': seq({
    'phonebook-header': header, templateID: oid(),
    'df-phonebook': file,
    ...optFiles('ef-pbr', 'ef-ext1', 'ef-aas', 'ef-gas', 'ef-psc', 'ef-cc', 'ef-puid', 'ef-iap', 'ef-adn', 'ef-pbc',
      'ef-anr', 'ef-puri', 'ef-email', 'ef-sne', 'ef-uid', 'ef-grp', 'ef-ccp1'),
  }),

  'PE-GSM-ACCESS': seq({
    'gsm-access-header': header, templateID: oid(),
    'df-gsm-access': file,
    ...optFiles('ef-kc', 'ef-kcgprs', 'ef-cpbcch', 'ef-invscan'),
  }),

  'PE-DF-5GS': seq({
    'df-5gs-header': header, templateID: oid(),
    'df-df-5gs': file,
    ...optFiles('ef-5gs3gpploci', 'ef-5gsn3gpploci', 'ef-5gs3gppnsc', 'ef-5gsn3gppnsc', 'ef-5gauthkeys', 'ef-uac-aic',
      'ef-suci-calc-info', 'ef-opl5g', 'ef-supinai', 'ef-routing-indicator', 'ef-ursp', 'ef-tn3gppsnn', 'ef-cag',
      'ef-sor-cmci', 'ef-dri', 'ef-5gsedrx', 'ef-5gnswo-conf', 'ef-mchpplmn', 'ef-kausf-derivation'),
  }),

  'PE-DF-SAIP': seq({
    'df-saip-header': header, templateID: oid(),
    'df-df-saip': file, 'ef-suci-calc-info-usim': optFile,
  }),

  'PE-DF-SNPN': seq({
    'df-snpn-header': header, templateID: oid(),
    'df-df-snpn': file, 'ef-pws-snpn': optFile,
  }),

  'PE-DF-5GPROSE': seq({
    'df-5g-prose-header': header, templateID: oid(),
    'df-df-5g-prose': file,
    ...optFiles('ef-5g-prose-st', 'ef-5g-prose-dd', 'ef-5g-prose-dc', 'ef-5g-prose-u2nru', 'ef-5g-prose-ru',
      'ef-5g-prose-uir'),
  }),

  'PE-ISIM': seq({
    'isim-header': header, templateID: oid(),
    'adf-isim': file, 'ef-impi': file, 'ef-impu': file, 'ef-domain': file, 'ef-ist': file, 'ef-ad': optFile,
    'ef-arr': file,
  }),

  'PE-OPT-ISIM': seq({
    'optisim-header': header, templateID: oid(),
    ...optFiles('ef-pcscf', 'ef-sms', 'ef-smsp', 'ef-smss', 'ef-smsr', 'ef-gbabp', 'ef-gbanl', 'ef-nafkca',
      'ef-uicciari', 'ef-frompreferred', 'ef-imsconfigdata', 'ef-xcapconfigdata', 'ef-webrtcuri',
      'ef-mudmidconfigdata'),
  }),

  'PE-CSIM': seq({
    'csim-header': header, templateID: oid(),
    ...Object.fromEntries(['adf-csim', 'ef-arr', 'ef-call-count', 'ef-imsi-m', 'ef-imsi-t', 'ef-tmsi', 'ef-ah',
      'ef-aop', 'ef-aloc', 'ef-cdmahome', 'ef-znregi', 'ef-snregi', 'ef-distregi', 'ef-accolc', 'ef-term', 'ef-acp',
      'ef-prl', 'ef-ruimid', 'ef-csim-st', 'ef-spc', 'ef-otapaspc', 'ef-namlock', 'ef-ota', 'ef-sp', 'ef-esn-meid-me',
      'ef-li', 'ef-usgind', 'ef-ad', 'ef-max-prl', 'ef-spcs', 'ef-mecrp', 'ef-home-tag', 'ef-group-tag',
      'ef-specific-tag', 'ef-call-prompt'].map((n) => [n, file])),
  }),

  'PE-OPT-CSIM': seq({
    'optcsim-header': header, templateID: oid(),
    ...optFiles('ef-ssci', 'ef-fdn', 'ef-sms', 'ef-smsp', 'ef-smss', 'ef-ssfc', 'ef-spn', 'ef-mdn', 'ef-ecc',
      'ef-me3gpdopc', 'ef-3gpdopm', 'ef-sipcap', 'ef-mipcap', 'ef-sipupp', 'ef-mipupp', 'ef-sipsp', 'ef-mipsp',
      'ef-sippapss', 'ef-puzl', 'ef-maxpuzl', 'ef-hrpdcap', 'ef-hrpdupp', 'ef-csspr', 'ef-atc', 'ef-eprl',
      'ef-bcsmscfg', 'ef-bcsmspref', 'ef-bcsmstable', 'ef-bcsmsp', 'ef-bakpara', 'ef-upbakpara', 'ef-mmsn', 'ef-ext8',
      'ef-mmsicp', 'ef-mmsup', 'ef-mmsucp', 'ef-auth-capability', 'ef-3gcik', 'ef-dck', 'ef-gid1', 'ef-gid2',
      'ef-cdmacnl', 'ef-sf-euimid', 'ef-est', 'ef-hidden-key', 'ef-lcsver', 'ef-lcscp', 'ef-sdn', 'ef-ext2', 'ef-ext3',
      'ef-ici', 'ef-oci', 'ef-ext5', 'ef-ccp2', 'ef-applabels', 'ef-model', 'ef-rc', 'ef-smscap', 'ef-mipflags',
      'ef-3gpduppext', 'ef-ipv6cap', 'ef-tcpconfig', 'ef-dgc', 'ef-wapbrowsercp', 'ef-wapbrowserbm', 'ef-mmsconfig',
      'ef-jdl'),
  }),

  'PE-EAP': seq({
    'eap-header': header, templateID: oid(),
    'df-eap': file, 'ef-eapkeys': optFile, 'ef-eapstatus': file,
    ...optFiles('ef-puid', 'ef-ps', 'ef-curid', 'ef-reid', 'ef-realm'),
  }),

  'PE-IoT': seq({
    'iot-header': header, templateID: oid(),
    ...optFiles('mf', 'ef-pl', 'ef-iccid', 'ef-dir', 'ef-arr', 'ef-umpc', 'adf-usim'),
    'ef-imsi': file,
    ...optFiles('ef-arr-usim', 'ef-keys', 'ef-keysPS', 'ef-hpplmn', 'ef-ust', 'ef-start-hfn', 'ef-threshold',
      'ef-psloci'),
    'ef-acc': file,
    ...optFiles('ef-fplmn', 'ef-loci', 'ef-ad', 'ef-ecc', 'ef-netpar'),
  }),

  'PE-OPT-IoT': seq({
    'optiot-header': header, templateID: oid(),
    ...optFiles('ef-fdn', 'ef-sms', 'ef-smsp', 'ef-smss', 'ef-spn', 'ef-est', 'ef-oplmnwact', 'ef-hplmnwact',
      'ef-ehplmn', 'ef-epsloci', 'ef-epsnsc', 'df-df-5gs', 'ef-5gs3gpploci', 'ef-5gsn3gpploci', 'ef-5gs3gppnsc',
      'ef-5gsn3gppnsc', 'ef-5gauthkeys', 'ef-uac-aic', 'ef-suci-calc-info', 'ef-opl5g', 'ef-supi-nai',
      'ef-routing-indicator', 'ef-ursp', 'ef-tn3gppsnn', 'df-df-saip', 'ef-suci-calc-info-usim'),
  }),

  'PE-GenericFileManagement': seq({
    'gfm-header': header,
    fileManagementCMD: seqOf(ref('FileManagement'), 1, Infinity),
  }),

  FileManagement: seqOf(choice({
    filePath: tag(0, octets(0, 8)),
    createFCP: app(2, ref('Fcp')),
    fillFileOffset: uint16,
    fillFileContent: tag(1, octets()),
  }), 1, Infinity),

  MappingParameter: seq({
    mappingOptions: octets(1),
    mappingSource: aid,
  }),

  AlgoParameter: seq({
    algorithmID: int({ milenage: 1, tuak: 2, 'usim-test-algorithm': 3 }),
    algorithmOptions: octets(1),
    key: octets(),
    opc: octets(),
    rotationConstants: dflt(octets(5), hex('4000204060')),
    xoringConstants: dflt(octets(80), MILENAGE_XORING),
    authCounterMax: opt(octets(3)),
    numberOfKeccak: dflt(uint8, 1),
  }),

  'PE-AKAParameter': seq({
    'aka-header': header,
    algoConfiguration: choice({
      mappingParameter: ref('MappingParameter'),
      algoParameter: ref('AlgoParameter'),
    }),
    sqnOptions: dflt(octets(1), hex('02')),
    sqnDelta: dflt(octets(6), hex('000010000000')),
    sqnAgeLimit: dflt(octets(6), hex('000010000000')),
    sqnInit: dflt(seqOf(octets(6), 32, 32), Array.from({ length: 32 }, () => hex('000000000000'))),
  }),

  'PE-CDMAParameter': seq({
    'cdma-header': header,
    authenticationKey: octets(8),
    ssd: opt(octets(16)),
    hrpdAccessAuthenticationData: opt(octets(2, 32)),
    simpleIPAuthenticationData: opt(octets(3, 483)),
    mobileIPAuthenticationData: opt(octets(5, 957)),
  }),

  PINKeyReferenceValue: int(PIN_KEY_REFERENCES),

  PINConfiguration: seq({
    keyReference: ref('PINKeyReferenceValue'),
    pinValue: octets(8),
    unblockingPINReference: opt(ref('PUKKeyReferenceValue')),
    pinAttributes: dflt(uint8, 7),
    'maxNumOfAttemps-retryNumLeft': dflt(uint8, 51),
  }),

  'PE-PINCodes': seq({
    'pin-Header': header,
    pinCodes: choice({
      pinconfig: seqOf(ref('PINConfiguration'), 1, 26),
      filePath: octets(0, 8),
    }),
  }),

  PUKKeyReferenceValue: int(PUK_KEY_REFERENCES),

  PUKConfiguration: seq({
    keyReference: ref('PUKKeyReferenceValue'),
    pukValue: octets(8),
    'maxNumOfAttemps-retryNumLeft': dflt(uint8, 170),
  }),

  'PE-PUKCodes': seq({
    'puk-Header': header,
    pukCodes: seqOf(ref('PUKConfiguration'), 1, 16),
  }),

  'PE-SecurityDomain': seq({
    'sd-Header': header,
    instance: ref('ApplicationInstance'),
    keyList: opt(seqOf(ref('KeyObject'), 1, Infinity)),
    sdPersoData: opt(seqOf(octets(), 1, Infinity)),
    openPersoData: opt(seq({
      restrictParameter: opt(priv(25, octets(1))),
      contactlessProtocolParameters: opt(octets()),
    })),
    catTpParameters: opt(seq({
      catTpMaxSduSize: uint16,
      catTpMaxPduSize: uint16,
    })),
  }),

  KeyObject: seq({
    keyUsageQualifier: tag(21, octets(1, 2)),
    keyAccess: dflt(tag(22, octets(1)), hex('00')),
    keyIdentifier: tag(2, octets(1)),
    keyVersionNumber: tag(3, octets(1)),
    keyCounterValue: opt(tag(5, octets())),
    keyCompontents: seqOf(seq({
      keyType: tag(0, octets()),
      keyData: tag(6, octets()),
      macLength: dflt(tag(7, uint8), 8),
    }), 1, Infinity),
  }),

  'PE-Application': seq({
    'app-Header': header,
    loadBlock: opt(ref('ApplicationLoadPackage')),
    instanceList: opt(seqOf(ref('ApplicationInstance'), 1, Infinity)),
  }),

  ApplicationLoadPackage: seq({
    loadPackageAID: app(15, aid),
    securityDomainAID: opt(app(15, aid)),
    nonVolatileCodeLimitC6: opt(priv(6, octets())),
    volatileDataLimitC7: opt(priv(7, octets())),
    nonVolatileDataLimitC8: opt(priv(8, octets())),
    hashValue: opt(priv(1, octets())),
    loadBlockObject: priv(4, octets()),
  }),

  ApplicationInstance: seq({
    applicationLoadPackageAID: app(15, aid),
    classAID: app(15, aid),
    instanceAID: app(15, aid),
    extraditeSecurityDomainAID: opt(app(15, aid)),
    applicationPrivileges: tag(2, octets()),
    lifeCycleState: dflt(tag(3, octets(1)), hex('07')),
    applicationSpecificParametersC9: priv(9, octets()),
    systemSpecificParameters: opt(priv(15, ref('ApplicationSystemParameters'))),
    applicationParameters: opt(priv(10, ref('UICCApplicationParameters'))),
    processData: opt(seqOf(octets(), 1, Infinity)),
    controlReferenceTemplate: opt(tag(16, ref('ControlReferenceTemplate'))),
  }),

  ApplicationSystemParameters: seq({
    volatileMemoryQuotaC7: opt(priv(7, octets(2, 4))),
    nonVolatileMemoryQuotaC8: opt(priv(8, octets(2, 4))),
    globalServiceParameters: opt(priv(11, octets())),
    implicitSelectionParameter: opt(priv(15, octets())),
    volatileReservedMemory: opt(priv(23, octets(2, 4))),
    nonVolatileReservedMemory: opt(priv(24, octets(2, 4))),
    ts102226SIMFileAccessToolkitParameter: opt(priv(10, octets())),
    ts102226AdditionalContactlessParameters: opt(tag(0, ref('TS102226AdditionalContactlessParameters'))),
    contactlessProtocolParameters: opt(priv(25, octets())),
    userInteractionContactlessParameters: opt(priv(26, octets())),
    cumulativeGrantedVolatileMemory: opt(tag(2, octets(2, 4))),
    cumulativeGrantedNonVolatileMemory: opt(tag(3, octets(2, 4))),
  }),

  UICCApplicationParameters: seq({
    uiccToolkitApplicationSpecificParametersField: opt(tag(0, octets())),
    uiccAccessApplicationSpecificParametersField: opt(tag(1, octets())),
    uiccAdministrativeAccessApplicationSpecificParametersField: opt(tag(2, octets())),
  }),

  TS102226AdditionalContactlessParameters: seq({
    protocolParameterData: octets(),
  }),

  ControlReferenceTemplate: seq({
    applicationProviderIdentifier: app(32, octets()),
  }),

  'PE-RFM': seq({
    'rfm-header': tag(0, header),
    instanceAID: app(15, aid),
    securityDomainAID: opt(app(15, aid)),
    tarList: opt(tag(0, seqOf(octets(3), 1, Infinity))),
    minimumSecurityLevel: tag(1, octets(1)),
    uiccAccessDomain: octets(),
    uiccAdminAccessDomain: octets(),
    adfRFMAccess: opt(ref('ADFRFMAccess')),
  }),

  ADFRFMAccess: seq({
    adfAID: aid,
    adfAccessDomain: octets(),
    adfAdminAccessDomain: octets(),
  }),

  'PE-NonStandard': seq({
    'nonStandard-header': header,
    issuerID: oid(),
    content: octets(),
  }),

  'PE-End': seq({
    'end-header': header,
  }),

  PEStatus: seq({
    status: int({
      ok: 0, 'pe-not-supported': 1, 'memory-failure': 2, 'bad-values': 3, 'not-enough-memory': 4,
      'invalid-request-format': 5, 'invalid-parameter': 6, 'runtime-not-supported': 7, 'lib-not-supported': 8,
      'template-not-supported': 9, 'feature-not-supported': 10, 'pin-code-missing': 11,
      'unsupported-profile-version': 31,
    }),
    identification: opt(ref('UInt15')),
    'additional-information': opt(uint8),
    offset: opt(ref('UInt31')),
  }),

  EUICCResponse: seq({
    peStatus: seqOf(ref('PEStatus')),
    profileInstallationAborted: opt(nul()),
    statusMessage: opt(utf8(2, 64)),
  }),
};

export const PEDefinitions: ModuleDef = {
  name: 'PEDefinitions',
  version: 'v3',
  automaticTags: true,
  extensibilityImplied: true,
  imports: [],
  types,
};
