/**
 * S_eUICC of the SM-DP+ suite: the in-process SimEuicc, built from the run's PKI (so its CI is the one
 * the SM-DP+ trusts), reached through STORE DATA APDUs like any card. It really signs, does ECKA and
 * opens the BPP. For the few deviations a sound card never makes (a euiccSigned1 naming another
 * transaction, a CancelSession receipt naming another SM-DP+, a PrepareDownload without hashCc) the
 * bench signs with the same eUICC key, so only the tested field is wrong.
 */
import { KeyObject } from 'node:crypto';
import { codec, Codec, tlv } from '../../asn1';
import { Curve } from '../../crypto/curves';
import { generateOneTimeKey } from '../../crypto/ecka';
import { dataObjects, signRsp } from '../../crypto/rsp-signatures';
import { Es10Session } from '../../transport/apdu';
import { InProcessConnector } from '../../transport/card';
import { euiccCard } from '../../../simulators/euicc/card';
import { euiccConfigFromPki } from '../../../simulators/euicc/config';
import { SimEuicc } from '../../../simulators/euicc/euicc';
import { ScenarioContext } from '../scenario';

export interface SEuiccOptions {
  curve: Curve;
  /** SGP.22 version the card declares (EUICCInfo1/2 svn). */
  svn?: string;
  /** A defective variant of the test PKI for the eUICC credential on `curve` (e.g. 'euicc-expired'). */
  defect?: string;
}

export class SEuicc {
  private constructor(
    readonly euicc: SimEuicc,
    private readonly session: Es10Session,
    /** The key the card signs with on the scenario's curve. */
    readonly key: KeyObject,
    readonly curve: Curve,
    readonly codec: Codec,
  ) {}

  static async open(ctx: ScenarioContext, o: SEuiccOptions): Promise<SEuicc> {
    const base = euiccConfigFromPki(ctx.pki, { version: ctx.config.version, capabilities: o.svn ? { svn: o.svn } : {} });
    let key = ctx.pki.get('euicc', o.curve).key;
    let credentials = base.credentials;
    if (o.defect) {
      const bad = ctx.pki.byId(`${o.curve}/defects/${o.defect}`);
      if (!bad) throw new Error(`the run's PKI has no defective variant ${o.curve}/defects/${o.defect}`);
      key = bad.key;
      credentials = credentials.map((c) => (c.curve === o.curve ? { ...c, euicc: bad.cert, eum: bad.chain[0], key: bad.key } : c));
    }
    // The scenario's curve first: the card's default credential.
    credentials = [...credentials].sort((a, b) => Number(b.curve === o.curve) - Number(a.curve === o.curve));
    const euicc = new SimEuicc({ ...base, credentials });
    const connector = new InProcessConnector(euiccCard(euicc), { trace: ctx.trace.sink('S_IPA', 'S_eUICC') });
    await connector.connect();
    const session = new Es10Session(connector);
    await session.open();
    ctx.defer(async () => {
      await session.close();
      await connector.close();
    });
    return new SEuicc(euicc, session, key, o.curve, codec('SGP32Definitions', ctx.config.version));
  }

  get eid(): string {
    return this.euicc.config.eid;
  }

  /** Sends an ES10 command (DER) through APDUs; resolves with the card's answer as it sent it. */
  send(command: Uint8Array): Promise<Uint8Array> {
    return this.session.send(command);
  }

  /** ES10 command `type` with `value`, answered as raw DER. */
  call(type: string, value: unknown): Promise<Uint8Array> {
    return this.send(this.codec.encode(type, value));
  }

  /** An AuthenticateServerResponse whose euiccSigned1 `change` altered, signed again with the card's key. */
  resignSigned1(answer: Uint8Array, change: (signed: Record<string, any>) => void): Uint8Array {
    const value = this.codec.decode<Record<string, any>>('AuthenticateServerResponse', answer);
    const ok = value.authenticateResponseOk;
    if (!ok) throw new Error('S_eUICC refused AuthenticateServer; nothing to re-sign');
    change(ok.euiccSigned1);
    ok.euiccSignature1 = signRsp('euiccSignature1', this.key, { euiccSigned1: this.codec.encode('EuiccSigned1', ok.euiccSigned1) });
    return this.codec.encode('AuthenticateServerResponse', value);
  }

  /**
   * A signed PrepareDownloadResponse for `request` without hashCc, as a card that ignores the
   * confirmation code would send it (a sound card refuses to answer so).
   */
  prepareWithoutHashCc(request: Uint8Array): Uint8Array {
    const req = this.codec.decode<Record<string, any>>('PrepareDownloadRequest', request);
    const smdpSignature2 = dataObjects(request, 'PrepareDownloadRequest', 0xbf21).get(0x5f37)!;
    const euiccSigned2 = { transactionId: req.smdpSigned2.transactionId, euiccOtpk: generateOneTimeKey(this.curve).publicKey };
    const euiccSignature2 = signRsp('euiccSignature2', this.key, { euiccSigned2: this.codec.encode('EUICCSigned2', euiccSigned2), smdpSignature2 });
    return this.codec.encode('PrepareDownloadResponse', { downloadResponseOk: { euiccSigned2, euiccSignature2 } });
  }

  /** A CancelSessionResponse signed by the card's key naming `smdpOid`. */
  cancelReceipt(transactionId: Uint8Array, reason: number, smdpOid: string): Uint8Array {
    const euiccCancelSessionSigned = { transactionId, smdpOid, reason };
    const euiccCancelSessionSignature = signRsp('euiccCancelSessionSignature', this.key, {
      euiccCancelSessionSigned: this.codec.encode('EuiccCancelSessionSigned', euiccCancelSessionSigned),
    });
    return this.codec.encode('CancelSessionResponse', { cancelSessionResponseOk: { euiccCancelSessionSigned, euiccCancelSessionSignature } });
  }
}

/** A copy of a CancelSessionResponse with one bit of its signature flipped. */
export function corruptReceipt(receipt: Uint8Array): Uint8Array {
  const out = Buffer.from(receipt);
  const signature = dataObjects(out, 'CancelSessionResponse', 0xbf41, 0xa0).get(0x5f37)!;
  signature[signature.length - 1] ^= 0x01;
  return out;
}

/** `5F37 len r‖s`, the data object a later signature covers. */
export const signatureObject = (raw: Uint8Array): Buffer => tlv(0x5f37, raw);
