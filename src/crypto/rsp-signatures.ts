/**
 * Which bytes each RSP signature covers. Every signature is ECDSA/SHA-256 as raw r‖s over the
 * concatenation of whole data objects (tag, length and value) exactly as they travel: verifiers must
 * slice them from the received bytes (`dataObjects`), never re-encode a decoded value.
 *
 * SGP.32 (settled against a real-card capture, see test/crypto/rsp-signatures.test.ts):
 * - §2.11.1.1 eimSignature covers euiccPackageSigned ‖ associationToken, where associationToken is
 *   the tag-84 INTEGER the eUICC issued for this eIM, or `84 01 00` when none was issued. The public
 *   onomondo eIM does the same; the reference notes' doubt came from a stale source comment.
 * - §2.11.2.1 euiccSignEPR / euiccSignEPE cover the …DataSigned object ‖ associationToken from v1.1
 *   on. v1.0 said "…DataSigned and eimSignature" (the 5F37 data object), kept for v1.0 peers.
 * SGP.22 v2.5: §5.6.1 serverSignature1, §5.7.13 euiccSignature1, §5.6.2 smdpSignature2 (covers the
 * euiccSignature1 data object, 5F37 included), §5.7.14 euiccSignature2 (likewise smdpSignature2),
 * §2.5.3 / §5.5.1 smdpSign of InitialiseSecureChannel (its fields without the BF23 wrapper, then the
 * eUICC's own otPK), §5.7.16 euiccSignPIR (BF27 included), §4.2 / §5.7.10 notifications (BF2F),
 * §5.7.15 euiccCancelSessionSignature.
 */
import type { KeyObject } from 'node:crypto';
import { AsnDecodeError, tlv, tlvSpans } from '../asn1';
import type { SpecVersion } from '../asn1';
import { signRaw, verifyRaw } from './ecdsa';

interface Recipe {
  readonly signer: 'eUICC' | 'SM-DP+' | 'eIM';
  readonly section: string;
  /** Names of the data objects concatenated, in order. */
  readonly parts: readonly string[];
}

const RECIPES = {
  serverSignature1: { signer: 'SM-DP+', section: 'SGP.22 §5.6.1', parts: ['serverSigned1'] },
  euiccSignature1: { signer: 'eUICC', section: 'SGP.22 §5.7.13', parts: ['euiccSigned1'] },
  smdpSignature2: { signer: 'SM-DP+', section: 'SGP.22 §5.6.2', parts: ['smdpSigned2', 'euiccSignature1'] },
  euiccSignature2: { signer: 'eUICC', section: 'SGP.22 §5.7.14', parts: ['euiccSigned2', 'smdpSignature2'] },
  smdpSign: { signer: 'SM-DP+', section: 'SGP.22 §2.5.3', parts: ['remoteOpId', 'transactionId', 'controlRefTemplate', 'smdpOtpk', 'euiccOtpk'] },
  euiccSignPIR: { signer: 'eUICC', section: 'SGP.22 §5.7.16', parts: ['profileInstallationResultData'] },
  euiccNotificationSignature: { signer: 'eUICC', section: 'SGP.22 §5.7.10', parts: ['tbsOtherNotification'] },
  euiccCancelSessionSignature: { signer: 'eUICC', section: 'SGP.22 §5.7.15', parts: ['euiccCancelSessionSigned'] },
  eimSignature: { signer: 'eIM', section: 'SGP.32 §2.11.1.1', parts: ['euiccPackageSigned', 'associationToken'] },
  euiccSignEPR: { signer: 'eUICC', section: 'SGP.32 §2.11.2.1', parts: ['euiccPackageResultDataSigned', 'associationToken'] },
  euiccSignEPE: { signer: 'eUICC', section: 'SGP.32 §2.11.2.1', parts: ['euiccPackageErrorDataSigned', 'associationToken'] },
} as const satisfies Record<string, Recipe>;

/** SGP.32 v1.0 §2.11.2.1: the eUICC signed its results over the eIM's signature instead of the token. */
const V1_0: Partial<Record<SignatureName, Recipe>> = {
  euiccSignEPR: { signer: 'eUICC', section: 'SGP.32 v1.0 §2.11.2.1', parts: ['euiccPackageResultDataSigned', 'eimSignature'] },
  euiccSignEPE: { signer: 'eUICC', section: 'SGP.32 v1.0 §2.11.2.1', parts: ['euiccPackageErrorDataSigned', 'eimSignature'] },
};

export type SignatureName = keyof typeof RECIPES;
export const SIGNATURE_NAMES = Object.keys(RECIPES) as SignatureName[];

/** The data objects one signature covers, each a whole TLV. */
export type SignedParts = Readonly<Record<string, Uint8Array>>;

export class SignedDataError extends Error {
  override readonly name = 'SignedDataError';
  constructor(readonly signature: SignatureName, readonly part: string, detail: string) {
    super(`${signature}: data object '${part}' ${detail}`);
  }
}

export function recipe(name: SignatureName, version: SpecVersion = 'v1.2'): Recipe {
  return (version === 'v1.0' && V1_0[name]) || RECIPES[name];
}

/** The exact bytes `name` signs. Each part must be one complete TLV. */
export function signedData(name: SignatureName, parts: SignedParts, version: SpecVersion = 'v1.2'): Buffer {
  const list = recipe(name, version).parts.map((p) => {
    const v = parts[p];
    if (!v) throw new SignedDataError(name, p, 'is missing');
    let spans;
    try {
      spans = tlvSpans(v, p);
    } catch (e) {
      throw new SignedDataError(name, p, `is not a TLV: ${(e as Error).message}`);
    }
    if (spans.length !== 1) throw new SignedDataError(name, p, `must be exactly one TLV, found ${spans.length}`);
    return v;
  });
  return Buffer.concat(list);
}

export function signRsp(name: SignatureName, key: KeyObject, parts: SignedParts, version?: SpecVersion): Buffer {
  return signRaw(key, signedData(name, parts, version));
}

export function verifyRsp(name: SignatureName, key: KeyObject, parts: SignedParts, signature: Uint8Array, version?: SpecVersion): boolean {
  return verifyRaw(key, signedData(name, parts, version), signature);
}

/** `84 L v`: the associationToken data object; absent token → value 0 (SGP.32 §2.11.1.1). */
export function associationTokenTlv(token?: number | bigint): Buffer {
  let v = BigInt(token ?? 0);
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v !== 0n && v !== -1n);
  // Minimal two's complement: add a sign octet when the top bit disagrees with the sign.
  if (v === 0n && bytes[0] & 0x80) bytes.unshift(0);
  if (v === -1n && !(bytes[0] & 0x80)) bytes.unshift(0xff);
  return tlv(0x84, Uint8Array.from(bytes));
}

/** `5F37 40 r‖s`: a signature as the data object other signatures cover. */
export function signatureTlv(raw: Uint8Array): Buffer {
  return tlv(0x5f37, raw);
}

/** The spans of the children of the constructed TLV reached by `path` (see childTlvs). */
function childSpans(bytes: Uint8Array, root: string, path: readonly number[]) {
  let start = 0, end = bytes.length;
  for (const tag of path) {
    const hit = tlvSpans(bytes, root, start, end).find((s) => s.tag === tag);
    if (!hit) throw new AsnDecodeError('missing-field', root, start, `no ${tag.toString(16).toUpperCase()} data object here`);
    start = hit.start;
    end = hit.end;
  }
  return tlvSpans(bytes, root, start, end);
}

/**
 * The children, in order and as whole TLVs, of the constructed TLV reached by `path` (each step: the
 * first child with that tag, starting with the outer TLV of `bytes`). A missing step is an
 * AsnDecodeError naming where it was looked for.
 */
export function childTlvs(bytes: Uint8Array, root: string, ...path: number[]): Uint8Array[] {
  return childSpans(bytes, root, path).map((s) => bytes.subarray(s.offset, s.end));
}

/**
 * `childTlvs` keyed by tag, first occurrence: e.g. `dataObjects(bytes, 'EuiccPackageRequest', 0xbf51)`
 * gives the 30 (euiccPackageSigned) and 5F37 (eimSignature) objects exactly as received.
 */
export function dataObjects(bytes: Uint8Array, root: string, ...path: number[]): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  for (const s of childSpans(bytes, root, path)) if (!out.has(s.tag)) out.set(s.tag, bytes.subarray(s.offset, s.end));
  return out;
}
