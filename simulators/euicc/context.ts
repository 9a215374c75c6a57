/**
 * The contract between the eUICC core and its ES10 function handlers: one `Es10Function` per
 * command tag, each decoding with the shared codec, acting on `ctx.state`, and returning the value
 * of its response type. A handler that throws leaves the card as it was (the core restores its
 * snapshot); `CardStatus` (from the APDU layer) answers a status word instead of data.
 */
import { KeyObject } from 'node:crypto';
import { Codec, SpecVersion } from '../../src/asn1';
import { signRaw } from '../../src/crypto/ecdsa';
import { EuiccConfig, EuiccCredential } from './config';
import { EuiccHooks } from './hooks';
import { EuiccState } from './state';

/** Volatile RSP download session (SGP.22 §3.1.3): lost on reset or power-off. */
export interface DownloadSession {
  transactionId: Uint8Array;
  euiccChallenge: Uint8Array;
  serverChallenge?: Uint8Array;
  serverAddress?: string;
  credential?: EuiccCredential;
  /** Set by PrepareDownload. */
  otk?: { curve: EuiccCredential['curve']; privateKey: Uint8Array; publicKey: Uint8Array };
  /** Live BPP loader while LoadBoundProfilePackage segments arrive (src/crypto/bpp-loader). */
  loader?: unknown;
  /** Profile installed by this session, for ImmediateEnable. */
  installedIccid?: string;
  [more: string]: unknown;
}

export interface Es10Context {
  readonly config: EuiccConfig;
  readonly version: SpecVersion;
  /** SGP32Definitions at the card's version; it also holds every RSPDefinitions type. */
  readonly codec: Codec;
  /** Persistent state; mutate freely, it is restored if the handler throws. */
  state: EuiccState;
  /** Volatile state: the challenge issued by GetEUICCChallenge and the download in progress. */
  session: DownloadSession | undefined;
  readonly hooks: EuiccHooks;
  /** The credential for a CI (by euiccCiPKId hex), or the default one. */
  credential(ciPkId?: string): EuiccCredential | undefined;
  /** ECDSA raw r‖s with SK.EUICC.ECDSA of the credential (default: the first); honours `hooks.corruptSignatures`. */
  sign(data: Uint8Array, credential?: EuiccCredential): Buffer;
}

export interface Es10Function {
  /** Spec name, e.g. 'ES10b.LoadEuiccPackage': used in traces, hooks and errors. */
  readonly name: string;
  /** Codec type of the command; its outer tag routes the command. */
  readonly request: string;
  /** Codec type of the answer. */
  readonly response: string;
  /** Spec versions that have this function (default: all). */
  readonly versions?: readonly SpecVersion[];
  /**
   * Module of `request`/`response` when not SGP32Definitions: an SGP.22 command whose type name
   * SGP.32 v1.2 reuses for another tag (SetDefaultDpAddressRequest is BF65 there, BF3F in SGP.22).
   */
  readonly module?: 'RSPDefinitions';
  handle(ctx: Es10Context, request: any, raw: Uint8Array): unknown | Promise<unknown>;
}

export function signWith(key: KeyObject, data: Uint8Array, corrupt: boolean): Buffer {
  const sig = signRaw(key, data);
  if (corrupt) sig[0] ^= 0x01;
  return sig;
}

/** A function fed raw bytes (ES10b.LoadBoundProfilePackage segments), answering raw bytes (empty until the PIR). */
export interface Es10SegmentFunction {
  readonly name: string;
  /** Outer tags of the segments it takes (BF36 first, then A0–A3 and 86/87/88). */
  readonly tags: readonly number[];
  handle(ctx: Es10Context, segment: Uint8Array): Uint8Array | Promise<Uint8Array>;
}
