/**
 * Fuzz target for the IPA: the fuzzer plays the eIM. Each case is the eIM's answer to one IPA
 * request of a poll cycle (GetEimPackageResponse, ProvideEimPackageResultResponse, the ES9+' relay's
 * InitiateAuthenticationResponseEsipa) or, in v1.2, an eIM Package pushed to the IPA's
 * TransferEimPackage endpoint; every other request of the cycle gets a plain eIM's answer. The
 * IPA's reaction is the answer: `success` when it executed the package (the card's state moved,
 * eUICC data went back, the download started, the card accepted the server's authentication, the
 * cycle completed on a ProvideEimPackageResult answer), `error` when it refused it or the cycle
 * ended on a handled failure, `broken` when S_IPA failed in a way it does not handle, sent something
 * that is not valid ESipa, or did not finish in time.
 *
 * Only the built-in S_IPA is driven: a configured IPA runs one process per poll cycle (or polls on
 * its own schedule), far too slow for campaigns of a million cycles.
 */
import { ASN1_CONTENT_TYPE, ASN1_PATH, HttpResponse } from '../../../transport/http';
import { ScenarioContext } from '../../scenario';
import { summary } from '../../../../simulators/ipa/report';
import type { CycleReport } from '../../../../simulators/ipa/report';
import { EVERY_STATUS, excerpt, failedExchange } from '../http-answers';
import type { Answer, FuzzCase, FuzzTarget } from '../target';
import { basePools, Channel } from './bases';
import { ipaCases } from './cases';
import { builtInRig } from './rig';
import { semanticPool } from './semantic';

/**
 * Failures by which S_IPA ends a cycle on purpose: a refused or undecodable answer, a card that said
 * no, a command too large for any APDU chain.
 */
const HANDLED = new Set([
  'HttpProtocolError', 'HttpStatusError', 'PeerRefusedError', 'UnsupportedPackageError', 'CardAnswerError', 'CardStatusError', 'CardResponseError', 'ApduFormatError',
]);

const broken = (summary: string): Answer => ({ kind: 'broken', summary });

function unhandled(report: CycleReport): string | undefined {
  const e = report.error;
  return e && !HANDLED.has(e.name) ? `S_IPA failed: ${e.name}: ${e.message}` : undefined;
}

export async function ipaFuzzTarget(ctx: ScenarioContext): Promise<FuzzTarget> {
  if (ctx.config.iut.ipa) throw new Error('the IPA fuzz target drives the built-in S_IPA only: remove iut.ipa from the configuration to fuzz it');
  const rig = await builtInRig(ctx);
  ctx.defer(() => rig.close());
  const c = rig.codec;
  const { channels, bases } = basePools(rig);
  const semantic = semanticPool(rig, ctx.pki, channels);
  const leads = new Map(channels.map((ch) => [ch.to, ch.lead]));
  const nothing = c.encode('GetEimPackageResponse', { eimPackageError: 1 });
  const ping = rig.injection && c.encode('TransferEimPackageRequest', { eimAcknowledgements: [] });

  /** One poll cycle with the case answering request `to`. */
  const poll = async (k: FuzzCase, to: Channel['to'], before: string): Promise<Answer> => {
    rig.eim.arm({ to, answer: k.bytes, lead: leads.get(to) });
    let report: CycleReport;
    try {
      report = await rig.ipa.pollOnce();
    } catch (e) {
      rig.eim.take();
      return broken(`S_IPA threw: ${(e as Error).stack ?? e}`);
    }
    const seen = rig.eim.take();
    const moved = rig.digest() !== before;
    if (moved) rig.rewind();
    const line = summary(report);
    if (seen.violations.length) return broken(`S_IPA broke ESipa: ${seen.violations.join('; ')} (${line})`);
    const failed = unhandled(report);
    if (failed) return broken(failed);
    if (!seen.delivered) return broken(`S_IPA never sent ${to} after a valid lead package: ${line}`);
    const executed = to === 'getEimPackageRequest' ? moved || seen.euiccData || seen.requests.includes('initiateAuthenticationRequestEsipa')
      : to === 'provideEimPackageResult' ? report.ok
        : seen.authenticated;
    return { kind: executed ? 'success' : 'error', summary: `cycle: ${line}` };
  };

  /** TransferEimPackage: S_IPA answers the injected package itself. */
  const inject = async (k: FuzzCase, before: string): Promise<Answer> => {
    let res: HttpResponse;
    try {
      res = await rig.injection!.post(ASN1_PATH, ASN1_CONTENT_TYPE, k.bytes, { expect: EVERY_STATUS });
    } catch (e) {
      const failed = failedExchange(e as Error);
      return broken(`TransferEimPackage: ${failed.summary}`);
    }
    // A trigger is downloaded in a turn of its own after the answer: one more cycle waits for it.
    if (res.status === 200 && startsDownload(k.bytes)) await rig.ipa.pollOnce();
    const later = rig.ipa.injections.map(unhandled).find((x) => x);
    rig.ipa.injections.length = 0;
    const moved = rig.digest() !== before;
    if (moved) rig.rewind();
    if (later) return broken(later);
    const head = `HTTP ${res.status}`;
    if (res.status >= 400 && res.status < 500) return { kind: 'error', summary: head, bytes: res.body };
    if (res.status !== 200) return broken(`${head} ${excerpt(res.body)}`);
    let answer: Record<string, any>;
    try {
      answer = c.decode('TransferEimPackageResponse', res.body);
    } catch (e) {
      return { kind: 'broken', summary: `${head} not a TransferEimPackageResponse: ${(e as Error).message}`, bytes: res.body };
    }
    const [alternative] = Object.keys(answer);
    const executed = alternative === 'eimPackageReceived' || moved || answer.ipaEuiccDataResponse?.ipaEuiccData !== undefined;
    return { kind: executed ? 'success' : 'error', summary: `${head} ${alternative}`, bytes: res.body };
  };

  const startsDownload = (bytes: Uint8Array): boolean => {
    try {
      return c.decode('TransferEimPackageRequest', bytes).profileDownloadTriggerRequest !== undefined;
    } catch {
      return false;
    }
  };

  return {
    role: 'ipa',
    name: `S_IPA (built-in, ${c.version}) polling a fuzzing eIM over ESipa ASN.1${rig.injection ? ', TransferEimPackage injection' : ''}`,
    cases: ipaCases(c, channels, bases, semantic),
    async send(k) {
      const to = k.delivery?.to as Channel['to'];
      const before = rig.digest();
      return to === 'transferEimPackage' ? inject(k, before) : poll(k, to, before);
    },
    async state() {
      return rig.digest();
    },
    async probe() {
      rig.eim.arm({ to: 'getEimPackageRequest', answer: nothing });
      const report = await rig.ipa.pollOnce();
      const seen = rig.eim.take();
      if (seen.violations.length) return `S_IPA broke ESipa: ${seen.violations.join('; ')}`;
      if (!report.ok || report.eimPackageError !== 'noEimPackageAvailable') return `poll answered noEimPackageAvailable did not end normally: ${summary(report)}`;
      if (!ping) return undefined;
      try {
        const res = await rig.injection!.post(ASN1_PATH, ASN1_CONTENT_TYPE, ping, { expect: EVERY_STATUS });
        const answer = res.status === 200 ? c.decode('TransferEimPackageResponse', res.body) : undefined;
        return answer?.eimPackageReceived !== undefined ? undefined : `TransferEimPackage of no acknowledgements: HTTP ${res.status}`;
      } catch (e) {
        return `TransferEimPackage of no acknowledgements: ${(e as Error).message}`;
      }
    },
    describe(k) {
      const type = k.delivery?.type as string;
      return c.toJSON(type, c.decode(type, k.bytes));
    },
    close: () => rig.close(),
  };
}
