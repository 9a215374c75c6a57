/**
 * What the IPA gives back for an eIM Package (ProvideEimPackageResult, a HandleNotification carrying
 * one, or the answer to an injected package), checked and turned into order outcomes (SGP.32
 * §2.11.2, §3.3.1, §3.2.3; catalogue EIM-ESIPA-PROVRES-*, EIM-ESEP-ACK-NOM-01).
 *
 * An EuiccPackageResult belongs to the order whose package carried its eimTransactionId; without
 * one (v1.0), to the awaited package of its eUICC with the same counterValue, or the only one.
 * It is accepted (order done, seqNumber acknowledged) only when, in this order: the EID the IPA
 * named is the package's; the eUICC's signature verifies with a known eUICC certificate over the
 * data as received (‖ associationToken, v1.0: ‖ the package's eimSignature); eimId, counterValue and
 * eimTransactionId are the package's. Any difference fails the order with a reason naming it.
 * euiccPackageErrorSigned fails the order with the eUICC's code; replayError moves the counter past
 * the refused value and counterValueOutOfRange back to the last accepted one, so the next package is
 * neither a replay nor out of range again. euiccPackageErrorUnsigned is an association problem: no
 * signature to check, the token it names is reported. A result already accepted is acknowledged
 * again (its acknowledgement was lost), never accepted twice.
 * Notifications are recorded, forwarded to their SM-DP+, and acknowledged; the acknowledgements
 * answer exactly the seqNumbers consumed (plus any left over from a HandleNotification).
 */
import { X509Certificate } from 'node:crypto';
import { codec, Codec, SpecVersion, toHex } from '../../src/asn1';
import { peekTag } from '../../src/asn1/nodes';
import { CertInput, POLICY, validateChain } from '../../src/pki';
import { alternativeOf, AsnValue } from '../../src/transport/http';
import type { DownloadRelay } from './download';
import { CompactContext, CompactFormError, expandPendingNotification } from './compact';
import { addCertificate, EuiccRecord, EuiccRegistry, ReceivedNotification } from './euiccs';
import type { ProvideResultErrorName } from './hooks';
import { openNotification, openPir } from './notifications';
import { Order, OrderBook, OrderType } from './orders';
import { readable } from './readable';
import { openEuiccPackageResult } from './results';
import { childrenAt } from './raw';

export interface IntakeContext {
  /** The EID the IPA named (v1.2 eidValue), already checked to be known. */
  eid?: string;
  /** The ESipa connection it came over (v1.0 names no EID: its last GetEimPackage does). */
  connectionId?: number;
  /** The result's TLV as received (ASN.1 binding), for signatures; absent: re-encoded from the value. */
  raw?: Uint8Array;
  via: 'provideEimPackageResult' | 'handleNotification' | 'transferEimPackageResponse';
}

export interface IntakeAnswer {
  /** The eUICC the result turned out to be of. */
  eid?: string;
  /** seqNumbers to acknowledge now. */
  acks: number[];
  /** v1.2 provideEimPackageResultError to answer instead. */
  error?: ProvideResultErrorName;
}

export interface IntakeDeps {
  version: SpecVersion;
  eimId: string;
  orders: OrderBook;
  euiccs: EuiccRegistry;
  relay: DownloadRelay;
  ciTrust: readonly CertInput[];
  now: () => Date;
  log: (line: string) => void;
}

/** One result looked at: the EID it belongs to, its seqNumber when accepted, or the error to answer. */
interface Taken { eid?: string; ack?: number; error?: ProvideResultErrorName }

const PACKAGE_ORDERS: readonly OrderType[] = ['psmo', 'eco'];
/** EimPackageResultErrorCode (v1.2), the same numbers as v1.0's bare eimPackageError and TransferEimPackageResponse's. */
const IPA_ERROR: Readonly<Record<number, string>> = { 1: 'invalidPackageFormat', 2: 'unknownPackage', 127: 'undefinedError' };

export class ResultIntake {
  private readonly c: Codec;

  constructor(private readonly d: IntakeDeps) {
    this.c = codec('SGP32Definitions', d.version);
  }

  /** An EimPackageResult (or TransferEimPackageResponse) alternative `{ name: value }`. */
  async take(result: AsnValue, x: IntakeContext): Promise<IntakeAnswer> {
    const [alternative, value] = alternativeOf(result) as [string, any];
    const taken: Taken[] = [];
    switch (alternative) {
      case 'euiccPackageResult':
        taken.push(this.packageResult(x.raw ?? this.c.encode('EuiccPackageResult', value), x));
        break;
      case 'ePRAndNotifications': {
        const parts = x.raw && childrenAt(x.raw, 'ePRAndNotifications', 0x30);
        const epr = parts?.find((t) => peekTag(t) === 0xbf51) ?? this.c.encode('EuiccPackageResult', value.euiccPackageResult);
        const first = this.packageResult(epr, x);
        taken.push(first);
        if (first.error) break;
        const eid = first.eid ?? this.eidOf(x);
        for (const [raw, type] of this.notificationList(value.notificationList, x.raw)) {
          taken.push(type === 'EuiccPackageResult' ? this.packageResult(raw, { ...x, eid: eid ?? x.eid }) : await this.notification(raw, eid, 'ePRAndNotifications'));
        }
        break;
      }
      case 'ipaEuiccDataResponse':
        taken.push(...await this.euiccData(value, x));
        break;
      case 'profileDownloadTriggerResult':
        taken.push(this.downloadResult(value, x));
        break;
      case 'eimPackageResultResponseError':
        taken.push(this.ipaError(value.eimPackageResultErrorCode, value.eimTransactionId, x));
        break;
      case 'eimPackageError':
        taken.push(this.ipaError(value, undefined, x));
        break;
      default:
        throw new Error(`internal: no intake for ${alternative}`);
    }
    const error = taken.find((t) => t.error)?.error;
    const eid = taken.find((t) => t.eid)?.eid ?? x.eid;
    if (error) return { eid, acks: [], error };
    const consumed = taken.flatMap((t) => (t.ack === undefined ? [] : [t.ack]));
    const record = eid ? this.d.euiccs.get(eid) : undefined;
    const acks = [...new Set([...(record?.pendingAcks.splice(0) ?? []), ...consumed])].sort((a, b) => a - b);
    return { eid, acks };
  }

  /**
   * A PendingNotification (TLV as received) given to the eIM: re-expanded when compact, recorded,
   * forwarded, its seqNumber consumed. One that cannot be re-expanded is not taken (nor acknowledged).
   */
  async notification(sent: Uint8Array, eid: string | undefined, via: ReceivedNotification['via']): Promise<Taken> {
    let raw: Uint8Array;
    try {
      raw = expandPendingNotification(sent, this.compactContext(sent, eid), this.d.version);
    } catch (e) {
      if (!(e instanceof CompactFormError)) throw e;
      this.d.log(`notification not taken: ${e.message}`);
      return {};
    }
    const opened = openNotification(raw, this.d.version, this.keys(eid));
    const session = opened.transactionId !== undefined && this.d.relay.orderOfSession(opened.transactionId);
    const forwarded = session ? await this.d.relay.completeWithPir(opened, raw) : await this.d.relay.forward(opened.notificationAddress, raw);
    const owner = eid ?? opened.eid ?? (session ? session.eid : undefined);
    const { eid: _e, problem: _p, errorResult: _r, pir: _pir, ...kept } = opened;
    if (owner) this.d.euiccs.ensure(owner).notifications.push({ ...kept, via, forwarded, received: this.d.now() });
    this.d.log(`notification ${opened.kind} seq ${opened.seqNumber}${owner ? ` of ${owner}` : ''}: signature ${opened.signatureValid ?? 'unchecked'}, forwarded ${forwarded}`);
    // A seqNumber beyond 2^53 cannot be acknowledged exactly: it is taken, not acknowledged.
    return { eid: owner, ...(Number.isSafeInteger(opened.seqNumber) && { ack: opened.seqNumber }) };
  }

  /** What a compact notification leaves out: its session's facts (PIR), its eUICC's certificates (other notifications). */
  private compactContext(sent: Uint8Array, eid: string | undefined): CompactContext {
    const record = eid ? this.d.euiccs.get(eid) : undefined;
    const known = { ...(eid && { eid }), euiccCertificate: record?.certificatePair?.euicc, eumCertificate: record?.certificatePair?.eum };
    if (sent[0] !== 0xa0) return known;
    const data = this.c.decode('PendingNotification', sent).compactProfileInstallationResult.compactProfileInstallationResultData;
    return { ...known, ...this.d.relay.compactContextOf(toHex(data.transactionId)) };
  }

  private keys(eid: string | undefined) {
    const known = eid ? this.d.euiccs.get(eid)?.certificates ?? [] : [];
    return { pirSigners: (tx: string) => [...this.d.relay.signersOf(tx), ...known], ciTrust: this.d.ciTrust, now: this.d.now() };
  }

  /** The EID of the eUICC whose IPA last fetched a package over this connection. */
  private eidOf(x: IntakeContext): string | undefined {
    return x.eid ?? (x.connectionId !== undefined ? this.d.euiccs.byConnection(x.connectionId)?.eid : undefined);
  }

  /** The awaited order a result without (known) transaction id belongs to. */
  private awaited(x: IntakeContext, types: readonly OrderType[], counterValue?: number): Order | undefined {
    const open = this.d.orders.awaiting(this.eidOf(x), types);
    return open.find((o) => counterValue !== undefined && o.sent!.counterValue === counterValue) ?? (open.length === 1 ? open[0] : undefined);
  }

  private fail(order: Order, reason: string, detail: string, extra: Record<string, unknown> = {}): void {
    if (this.d.orders.finish(order, 'failed', { reason, detail, ...extra })) this.d.log(`order ${order.id} failed: ${reason}: ${detail}`);
  }

  /** The notification list of ePRAndNotifications as TLVs (as received when found), each with its type. */
  private notificationList(list: AsnValue, raw: Uint8Array | undefined): [Uint8Array, string][] {
    const from = (decoded: unknown[], found: Uint8Array[] | undefined, type: string): [Uint8Array, string][] =>
      (found && found.length === decoded.length ? found : decoded.map((v) => this.c.encode(type, v))).map((t) => [t, type]);
    if (Array.isArray(list)) return from(list, raw && childrenAt(raw, 'ePRAndNotifications', 0x30, 0xa0), 'PendingNotification');
    // v1.0: a RetrieveNotificationsListResponse ([43] CHOICE).
    const [alt, v] = alternativeOf(list) as [string, any];
    if (alt === 'notificationList') return from(v, raw && childrenAt(raw, 'ePRAndNotifications', 0x30, 0xbf2b, 0xa0), 'PendingNotification');
    if (alt === 'euiccPackageResultList') return from(v, undefined, 'EuiccPackageResult');
    if (alt === 'notificationAndEprList') return [...from(v.notificationList, undefined, 'PendingNotification'), ...from(v.euiccPackageResultList, undefined, 'EuiccPackageResult')];
    return [];
  }

  private packageResult(raw: Uint8Array, x: IntakeContext): Taken {
    const { version, orders } = this.d;
    const [alt, body] = alternativeOf(this.c.decode('EuiccPackageResult', raw)) as [string, any];
    const data = body.euiccPackageResultDataSigned ?? body.euiccPackageErrorDataSigned ?? body;
    const transactionId: Uint8Array | undefined = data.eimTransactionId ?? data.transactionId;
    const counterValue = data.counterValue === undefined ? undefined : Number(data.counterValue);
    const order = (transactionId && orders.withTransactionId(transactionId)) || this.awaited(x, PACKAGE_ORDERS, counterValue);
    const what = `${alt} (eimTransactionId ${transactionId ? toHex(transactionId) : 'absent'}, counterValue ${counterValue ?? 'absent'})`;
    if (!order || !PACKAGE_ORDERS.includes(order.type)) {
      this.d.log(`${what} matches no eUICC Package sent`);
      return {};
    }
    const record = this.d.euiccs.ensure(order.eid);
    const signed = alt !== 'euiccPackageErrorUnsigned';
    const valid = signed && record.certificates.some((cert) => openEuiccPackageResult(raw, {
      euiccCertificate: cert, associationToken: record.associationToken, eimSignature: order.sent!.eimSignature, version,
    }).signatureValid);
    if (order.status !== 'sent') {
      // Sent again because our acknowledgement was lost: acknowledge again, change nothing.
      // Only the result that was accepted, as it was (same EID, eimId, counter, transaction id, seqNumber).
      const same = (x.eid === undefined || x.eid === order.eid) && data.eimId === this.d.eimId && counterValue === order.sent!.counterValue
        && (!transactionId || toHex(transactionId) === toHex(order.sent!.eimTransactionId)) && order.outcome?.seqNumber === Number(data.seqNumber);
      const again = valid && order.status === 'done' && same;
      this.d.log(`${what}: order ${order.id} already ${order.status}${again ? ', acknowledged again' : ''}`);
      return again ? { eid: order.eid, ack: Number(data.seqNumber) } : { eid: order.eid };
    }
    if (x.eid !== undefined && x.eid !== order.eid) {
      this.fail(order, 'eidMismatch', `the result came with EID ${x.eid}, the package was for ${order.eid}`);
      return { error: 'eidNotFound' };
    }
    const taken = { eid: order.eid };
    if (signed && !record.certificates.length) {
      this.fail(order, 'euiccCertificateUnknown', `no eUICC certificate of ${order.eid} known to check ${alt} (register one, or order an eUICC data request with tag A6)`);
      return taken;
    }
    if (signed && !valid) {
      const name = alt === 'euiccPackageResultSigned' ? 'euiccSignEPR' : 'euiccSignEPE';
      this.fail(order, 'euiccSignatureInvalid', `${name} does not verify with the eUICC certificate${record.certificates.length > 1 ? 's' : ''} of ${order.eid}`);
      return taken;
    }
    const sent = order.sent!;
    const mismatch = data.eimId !== this.d.eimId ? ['eimIdMismatch', `eimId '${data.eimId}', this eIM is '${this.d.eimId}'`]
      : signed && counterValue !== sent.counterValue ? ['counterValueMismatch', `counterValue ${counterValue}, the package carried ${sent.counterValue}`]
        : (signed || transactionId) && toHex(transactionId ?? new Uint8Array()) !== toHex(sent.eimTransactionId)
          ? ['eimTransactionIdMismatch', `eimTransactionId ${transactionId ? toHex(transactionId) : 'absent'}, the package carried ${toHex(sent.eimTransactionId)}`]
          : undefined;
    if (mismatch) {
      this.fail(order, mismatch[0], mismatch[1]);
      return taken;
    }
    const shown = readable(this.c, 'EuiccPackageResult', { [alt]: body }) as Record<string, any>;
    if (alt === 'euiccPackageResultSigned') return this.accepted(order, record, data, shown[alt].euiccPackageResultDataSigned.euiccResult);
    if (alt === 'euiccPackageErrorSigned') {
      const code = shown[alt].euiccPackageErrorDataSigned.euiccPackageErrorCode as string;
      this.resynchronise(record, code, counterValue!);
      this.fail(order, code, `the eUICC refused the package (euiccPackageErrorSigned, counterValue ${counterValue})`, { counterValue });
      return taken;
    }
    if (data.associationToken !== undefined) record.reportedAssociationToken = Number(data.associationToken);
    this.fail(order, 'associationProblem', `the eUICC answered euiccPackageErrorUnsigned: it does not accept this eIM's signature for eimId '${data.eimId}'`
      + (data.associationToken !== undefined ? ` (it names associationToken ${data.associationToken}, this eIM signs with ${record.associationToken ?? 'none'})` : ''),
    { ...(data.associationToken !== undefined && { associationToken: Number(data.associationToken) }) });
    return taken;
  }

  private accepted(order: Order, record: EuiccRecord, data: Record<string, any>, results: unknown[]): Taken {
    const counterValue = Number(data.counterValue);
    record.lastAccepted = Math.max(record.lastAccepted, counterValue);
    this.ecoEffects(order, record, data.euiccResult);
    this.d.orders.finish(order, 'done', { seqNumber: Number(data.seqNumber), counterValue, eimTransactionId: toHex(order.sent!.eimTransactionId), results });
    this.d.log(`order ${order.id} done: seqNumber ${data.seqNumber}, counterValue ${counterValue}`);
    return { eid: order.eid, ack: Number(data.seqNumber) };
  }

  /** An updateEim of this eIM that the eUICC accepted moves its counter (catalogue EIM-ESEP-UPDEIM). */
  private ecoEffects(order: Order, record: EuiccRecord, results: Record<string, unknown>[]): void {
    if (order.content.type !== 'eco' || !('ecoList' in order.content.euiccPackage)) return;
    order.content.euiccPackage.ecoList.forEach((eco, i) => {
      const update = eco.updateEim as { eimId: string; counterValue?: number } | undefined;
      if (update?.eimId === this.d.eimId && update.counterValue !== undefined && results[i]?.updateEimResult === 0) {
        record.counter = record.lastAccepted = update.counterValue;
        this.d.log(`${record.eid}: counter set to ${update.counterValue} by updateEim`);
      }
    });
  }

  private resynchronise(record: EuiccRecord, code: string, refused: number): void {
    const before = record.counter;
    if (code === 'replayError') record.counter = Math.max(record.counter, refused);
    else if (code === 'counterValueOutOfRange') record.counter = record.lastAccepted;
    else return;
    this.d.log(`${record.eid}: ${code}, counter ${before} -> ${record.counter} (next package signs ${record.counter + 1})`);
  }

  private async euiccData(value: AsnValue, x: IntakeContext): Promise<Taken[]> {
    const [alt, body] = alternativeOf(value) as [string, any];
    const transactionId: Uint8Array | undefined = body.eimTransactionId;
    const order = (transactionId && this.d.orders.withTransactionId(transactionId)) || this.awaited(x, ['edr']);
    if (!order || order.type !== 'edr' || order.status !== 'sent') {
      this.d.log(`ipaEuiccDataResponse (eimTransactionId ${transactionId ? toHex(transactionId) : 'absent'}) matches no eUICC data request awaited`);
      return [];
    }
    if (x.eid !== undefined && x.eid !== order.eid) {
      this.fail(order, 'eidMismatch', `the eUICC data came with EID ${x.eid}, the request was for ${order.eid}`);
      return [{ error: 'eidNotFound' }];
    }
    if (alt !== 'ipaEuiccData') {
      const shown = readable(this.c, 'IpaEuiccDataResponse', value) as Record<string, any>;
      const code = alt === 'ipaEuiccDataResponseError' ? shown[alt].ipaEuiccDataErrorCode : shown[alt];
      this.fail(order, String(code), 'the IPA could not provide the eUICC data');
      return [{ eid: order.eid }];
    }
    const record = this.d.euiccs.ensure(order.eid);
    const learnt = this.learn(record, body);
    const taken: Taken[] = [{ eid: order.eid }];
    const raw = x.raw;
    for (const [list, path, type] of [
      [body.euiccPackageResultList, [0xbf52, 0x30, 0xa2], 'EuiccPackageResult'],
      [Array.isArray(body.notificationsList) ? body.notificationsList : undefined, [0xbf52, 0x30, 0xa0], 'PendingNotification'],
    ] as [unknown[] | undefined, number[], string][]) {
      if (!list) continue;
      const found = raw && childrenAt(raw, 'IpaEuiccDataResponse', ...path);
      const tlvs = found && found.length === list.length ? found : list.map((v) => this.c.encode(type, v));
      for (const t of tlvs) taken.push(type === 'EuiccPackageResult' ? this.packageResult(t, { ...x, eid: order.eid }) : await this.notification(t, order.eid, 'ipaEuiccData'));
    }
    this.d.orders.finish(order, 'done', { data: readable(this.c, 'IpaEuiccData', body), ...(learnt.length && { learnt }) });
    this.d.log(`order ${order.id} done: eUICC data${learnt.length ? `, learnt ${learnt.join(', ')}` : ''}`);
    return taken;
  }

  /** What an eIM keeps from eUICC data: a certificate that chains to a trusted CI and names the EID, the token, EUICCInfo1. */
  private learn(record: EuiccRecord, data: Record<string, any>): string[] {
    const learnt: string[] = [];
    if (data.euiccCertificate) {
      const chain = validateChain({
        leaf: data.euiccCertificate.der, intermediates: data.eumCertificate ? [data.eumCertificate.der] : [], trustAnchors: this.d.ciTrust,
        at: this.d.now(), expectedPolicy: POLICY.euicc, expectedEid: record.eid,
      });
      if (chain.ok) {
        addCertificate(record, new X509Certificate(Buffer.from(data.euiccCertificate.der)));
        if (data.eumCertificate) record.certificatePair = { euicc: Buffer.from(data.euiccCertificate.der), eum: Buffer.from(data.eumCertificate.der) };
        learnt.push('euiccCertificate');
      } else {
        this.d.log(`${record.eid}: eUICC certificate not kept: ${chain.input}: ${chain.message}`);
      }
    }
    if (data.associationToken !== undefined) {
      record.associationToken = Number(data.associationToken);
      learnt.push('associationToken');
    }
    if (data.euiccInfo1) {
      record.euiccInfo1 = this.c.encode('EUICCInfo1', data.euiccInfo1);
      learnt.push('euiccInfo1');
    }
    if (data.euiccInfo2) {
      record.euiccInfo2 = this.c.encode('EUICCInfo2', data.euiccInfo2);
      learnt.push('euiccInfo2');
    }
    return learnt;
  }

  /** ProfileDownloadTriggerResult: the outcome of a download the IPA ran itself (or a relayed one it reports). */
  private downloadResult(value: Record<string, any>, x: IntakeContext): Taken {
    const transactionId: Uint8Array | undefined = value.eimTransactionId;
    const order = (transactionId && this.d.orders.withTransactionId(transactionId)) || this.awaited(x, ['download']);
    if (!order || order.type !== 'download') {
      this.d.log(`profileDownloadTriggerResult (eimTransactionId ${transactionId ? toHex(transactionId) : 'absent'}) matches no download order`);
      return {};
    }
    if (x.eid !== undefined && x.eid !== order.eid) {
      this.fail(order, 'eidMismatch', `the result came with EID ${x.eid}, the download was for ${order.eid}`);
      return { error: 'eidNotFound' };
    }
    const data = value.profileDownloadTriggerResultData;
    if (data.profileDownloadError) {
      const shown = readable(this.c, 'ProfileDownloadTriggerResult', value) as Record<string, any>;
      const error = shown.profileDownloadTriggerResultData.profileDownloadError;
      this.fail(order, error.profileDownloadErrorReason ?? 'profileDownloadError', 'the IPA reported profileDownloadError', error);
      return { eid: order.eid };
    }
    const found = x.raw && childrenAt(x.raw, 'ProfileDownloadTriggerResult', 0xbf54)?.find((t) => peekTag(t) === 0xbf37);
    const raw = found ?? this.c.encode('ProfileInstallationResult', data.profileInstallationResult);
    const pir = openPir(raw, this.d.version, this.keys(order.eid));
    const { eid: _e, problem: _p, errorResult: _r, pir: _pir, ...kept } = pir;
    this.d.euiccs.ensure(order.eid).notifications.push({ ...kept, via: 'profileDownloadTriggerResult', received: this.d.now() });
    if (!pir.signatureValid) this.fail(order, 'euiccSignatureInvalid', `PIR: ${pir.problem}`);
    else if (!pir.success) this.fail(order, 'installationFailed', 'the eUICC reported errorResult', { errorResult: pir.errorResult });
    else if (this.d.orders.finish(order, 'done', { iccid: pir.iccid, transactionId: pir.transactionId, profileInstallationResult: readable(this.c, 'ProfileInstallationResultData', pir.pir) })) {
      this.d.log(`order ${order.id} done: ${pir.iccid ?? 'profile'} installed (reported by the IPA)`);
    }
    return { eid: order.eid };
  }

  /** The IPA could not process the package: eimPackageResultResponseError (v1.2) or a bare eimPackageError (v1.0, injection). */
  private ipaError(code: number, transactionId: Uint8Array | undefined, x: IntakeContext): Taken {
    const order = (transactionId && this.d.orders.withTransactionId(transactionId)) || this.awaited(x, ['psmo', 'eco', 'edr', 'download']);
    const name = IPA_ERROR[code] ?? code;
    if (!order || order.status !== 'sent') {
      this.d.log(`IPA error ${name} matches no package awaited`);
      return {};
    }
    this.fail(order, String(name), 'the IPA could not process the package', { source: 'ipa' });
    return { eid: order.eid };
  }
}
