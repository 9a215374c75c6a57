/**
 * A minimal valid SAIP Unprotected Profile Package for testing: the sequence of DER
 * ProfileElements an SM-DP+ binds into a BPP, built from nothing but options.
 *
 * Elements, in the order the SAIP PE ordering rules require (header first, MF first of the
 * file system, PIN codes in the PIN context of the MF or ADF created just before, PUK codes once
 * in the MF context, AKA parameters in the context of their NAA, end last):
 *   header, mf, pukCodes, pinCodes (MF: PIN1, ADM1), usim, pinCodes (USIM: PIN2), akaParameter, end
 * The MF and USIM templates (2.23.143.1.2.1, 2.23.143.1.2.4) create the files the PEs do not
 * list; the PEs fill in what the templates leave to the profile (ICCID, EF.DIR, EF.ARR, IMSI,
 * UST, SPN, EST, ACC, ECC) plus EF.AD for the MNC length.
 */
import { codec } from '../asn1';
import {
  ARR_RECORDS, ECC_CONTENT, EST_CONTENT, KEY_REF, USIM_AID, accContent, adContent, contentFile, dirRecord,
  linearFixedFile, spnContent, ustContent,
} from './files';
import { iccidToPlainBcd, iccidToSwappedBcd, imsiToEfImsi } from './identifiers';
import { ResolvedOptions, TestProfileOptions, resolveOptions } from './options';

/** SAIP template OIDs (TCA arc 2.23.143.1.2): MF, and ADF USIM "created by default" version 1. */
export const TEMPLATE_MF = '2.23.143.1.2.1';
export const TEMPLATE_USIM = '2.23.143.1.2.4';
/** Temporary file ID of the ADF, only used for paths inside this package (SAIP Fcp.fileID). */
const USIM_TEMP_FID = Uint8Array.of(0x7f, 0xf0);

export interface TestProfile {
  /** DER of each ProfileElement, in package order. */
  elements: Buffer[];
  /** The Unprotected Profile Package: the elements back to back. */
  upp: Buffer;
  /** ProfileElement alternative of each element. */
  peTypes: string[];
  iccid: string;
  /** The ICCID as SGP.22 `Iccid` content (swapped-nibble BCD), for StoreMetadata and ProfileInfo. */
  iccidBcd: Buffer;
  imsi: string;
  profileName: string;
  serviceProviderName: string;
  usimAid: Buffer;
  k: Buffer;
  opc: Buffer;
  codes: { pin1: string; pin2: string; puk1: string; puk2: string; adm1: string };
}

const peHeader = (identification: number) => ({ mandated: null, identification });

/** PIN values are ASCII digits padded with FF to 8 bytes (TS 102 221 §9.5.1). */
function pinValue(digits: string): Uint8Array {
  const out = new Uint8Array(8).fill(0xff);
  out.set(Buffer.from(digits, 'ascii'));
  return out;
}

/** The ProfileElement values, each under its alternative name; identification numbers from 1. */
function elementValues(o: ResolvedOptions): Record<string, unknown>[] {
  let id = 0;
  const next = () => peHeader(++id);
  return [
    {
      header: {
        'major-version': o.version.major,
        'minor-version': o.version.minor,
        profileType: o.profileName,
        iccid: iccidToPlainBcd(o.iccid),
        'eUICC-Mandatory-services': { usim: null, milenage: null },
        // Templates of the PEs marked mandated (as pySim's rebuild of this list does).
        'eUICC-Mandatory-GFSTEList': [TEMPLATE_MF, TEMPLATE_USIM],
      },
    },
    {
      mf: {
        'mf-header': next(),
        templateID: TEMPLATE_MF,
        mf: [{ fileDescriptor: { pinStatusTemplateDO: Uint8Array.of(KEY_REF.pin1, KEY_REF.adm1) } }],
        'ef-iccid': contentFile(iccidToSwappedBcd(o.iccid)),
        'ef-dir': linearFixedFile([dirRecord(USIM_AID, 'USIM')]),
        'ef-arr': linearFixedFile(ARR_RECORDS),
      },
    },
    {
      pukCodes: {
        'puk-Header': next(),
        pukCodes: [
          { keyReference: KEY_REF.puk1, pukValue: Buffer.from(o.puk, 'ascii') },
          { keyReference: KEY_REF.puk2, pukValue: Buffer.from(o.puk2, 'ascii') },
        ],
      },
    },
    {
      // PIN attributes 6 for PIN1 and 3 otherwise, as in the GSMA TS.48 generic test profiles.
      pinCodes: {
        'pin-Header': next(),
        pinCodes: {
          pinconfig: [
            { keyReference: KEY_REF.pin1, pinValue: pinValue(o.pin), unblockingPINReference: KEY_REF.puk1, pinAttributes: 6 },
            { keyReference: KEY_REF.adm1, pinValue: Buffer.from(o.adm, 'ascii'), pinAttributes: 3 },
          ],
        },
      },
    },
    {
      usim: {
        'usim-header': next(),
        templateID: TEMPLATE_USIM,
        'adf-usim': [{
          fileDescriptor: {
            fileID: USIM_TEMP_FID,
            dfName: USIM_AID,
            pinStatusTemplateDO: Uint8Array.of(KEY_REF.pin2, KEY_REF.pin1, KEY_REF.adm1),
          },
        }],
        'ef-imsi': contentFile(imsiToEfImsi(o.imsi)),
        'ef-arr': linearFixedFile(ARR_RECORDS),
        'ef-ust': contentFile(ustContent()),
        'ef-spn': contentFile(spnContent(o.serviceProviderName)),
        'ef-est': contentFile(EST_CONTENT),
        'ef-acc': contentFile(accContent(o.imsi)),
        'ef-ad': contentFile(adContent(o.mncLength)),
        'ef-ecc': contentFile(ECC_CONTENT),
      },
    },
    {
      pinCodes: {
        'pin-Header': next(),
        pinCodes: {
          pinconfig: [
            { keyReference: KEY_REF.pin2, pinValue: pinValue(o.pin2), unblockingPINReference: KEY_REF.puk2, pinAttributes: 3 },
          ],
        },
      },
    },
    {
      akaParameter: {
        'aka-header': next(),
        // algorithmOptions carries nothing for Milenage; the SQN and Milenage constants keep their DEFAULTs.
        algoConfiguration: { algoParameter: { algorithmID: 1, algorithmOptions: Uint8Array.of(0), key: o.k, opc: o.opc } },
      },
    },
    { end: { 'end-header': next() } },
  ];
}

/** Builds the test profile; throws ProfileOptionError naming the first invalid option. */
export function buildTestProfile(options: TestProfileOptions = {}): TestProfile {
  const o = resolveOptions(options);
  const pe = codec('PEDefinitions');
  const values = elementValues(o);
  const elements = values.map((v) => Buffer.from(pe.encode('ProfileElement', v)));
  return {
    elements,
    upp: Buffer.concat(elements),
    peTypes: values.map((v) => Object.keys(v)[0]),
    iccid: o.iccid,
    iccidBcd: Buffer.from(iccidToSwappedBcd(o.iccid)),
    imsi: o.imsi,
    profileName: o.profileName,
    serviceProviderName: o.serviceProviderName,
    usimAid: Buffer.from(USIM_AID),
    k: o.k,
    opc: o.opc,
    codes: { pin1: o.pin, pin2: o.pin2, puk1: o.puk, puk2: o.puk2, adm1: o.adm },
  };
}
