/**
 * A scripted S_eIM for the S_IPA tests: esipaServer over real HTTPS with the test PKI's eimTls
 * certificate, recording every request (value, body as received, connection) and answering what the
 * test queued per function, else a default. For the download legs it can relay to a real SimSmdpp with
 * an Es9PlusClient, passing the IPA's request bodies on byte for byte, as an eIM does on ES9+'.
 * `rawEim` is a server that answers one fixed HTTP answer to everything, for the misbehaving-eIM tests.
 */
import { SpecVersion } from '../../../src/asn1';
import { Curve } from '../../../src/crypto/curves';
import { PkiStore } from '../../../src/pki';
import {
  ASN1_PATH, AsnValue, BindingContext, Es9PlusClient, EsipaFunction, esipaServer, HttpAnswer, HttpServer, startHttpServer,
} from '../../../src/transport/http';

export type Scripted = AsnValue | undefined | ((request: AsnValue, ctx: BindingContext) => AsnValue | undefined | Promise<AsnValue | undefined>);
/** Queued answer: never answer (the IPA must time out). */
export const HANG = Symbol('hang');

export interface Received {
  fn: EsipaFunction;
  value: AsnValue;
  /** The request body as it arrived. */
  body: Uint8Array;
  connectionId: number;
}

const FUNCTIONS: EsipaFunction[] = [
  'initiateAuthentication', 'authenticateClient', 'getBoundProfilePackage', 'cancelSession', 'handleNotification', 'getEimPackage', 'provideEimPackageResult',
];

export class EimStandIn {
  readonly received: Received[] = [];
  private readonly queues = new Map<EsipaFunction, (Scripted | typeof HANG)[]>();
  private readonly defaults = new Map<EsipaFunction, Scripted>();
  private readonly hanging: (() => void)[] = [];
  private server!: HttpServer;

  private constructor(readonly version: SpecVersion) {
    this.defaults.set('getEimPackage', { eimPackageError: 1 });
    this.defaults.set('provideEimPackageResult', version === 'v1.2' ? { emptyResponse: {} } : {});
    this.defaults.set('cancelSession', { cancelSessionOk: {} });
  }

  static async start(o: { pki: PkiStore; curve: Curve; version?: SpecVersion }): Promise<EimStandIn> {
    const eim = new EimStandIn(o.version ?? 'v1.2');
    const handlers = Object.fromEntries(FUNCTIONS.map((fn) => [fn, (request: AsnValue, ctx: BindingContext) => eim.answer(fn, request, ctx)]));
    eim.server = await esipaServer({ version: eim.version, tls: { credential: o.pki.get('eimTls', o.curve) }, handlers });
    return eim;
  }

  get url(): string {
    return this.server.url;
  }

  /** `host:port`, the eimFqdn a card's EimConfigurationData gives for this eIM. */
  get fqdn(): string {
    return `127.0.0.1:${this.server.port}`;
  }

  /** Answers for the next calls of `fn`, in order. */
  queue(fn: EsipaFunction, ...answers: (Scripted | typeof HANG)[]): this {
    this.queues.set(fn, [...(this.queues.get(fn) ?? []), ...answers]);
    return this;
  }

  /** The answer when nothing is queued. */
  otherwise(fn: EsipaFunction, answer: Scripted): this {
    this.defaults.set(fn, answer);
    return this;
  }

  requests(fn: EsipaFunction): Received[] {
    return this.received.filter((r) => r.fn === fn);
  }

  /**
   * The download functions relayed to an SM-DP+ (ES9+ ASN.1 request types share the ESipa layouts of
   * AuthenticateClient, GetBoundProfilePackage, CancelSession and v1.2 HandleNotification).
   */
  relayTo(es9: Es9PlusClient): this {
    this.otherwise('initiateAuthentication', async (r) => {
      const ok = await es9.initiateAuthentication({ euiccChallenge: r.euiccChallenge, smdpAddress: r.smdpAddress, euiccInfo1: r.euiccInfo1 });
      const { euiccCiPKIdToBeUsed, ...rest } = ok;
      return { initiateAuthenticationOkEsipa: { ...rest, [this.version === 'v1.2' ? 'euiccCiPKIdentifierToBeUsed' : 'euiccCiPKIdToBeUsed']: euiccCiPKIdToBeUsed } };
    });
    this.otherwise('authenticateClient', async (_r, ctx) => ({ authenticateClientOkDPEsipa: await es9.authenticateClient(ctx.body) }));
    this.otherwise('getBoundProfilePackage', async (_r, ctx) => ({ getBoundProfilePackageOkEsipa: await es9.getBoundProfilePackage(ctx.body) }));
    this.otherwise('handleNotification', async (_r, ctx) => {
      await es9.handleNotification(ctx.body);
      return undefined;
    });
    this.otherwise('cancelSession', async (_r, ctx) => {
      await es9.cancelSession(ctx.body);
      return { cancelSessionOk: {} };
    });
    return this;
  }

  async close(): Promise<void> {
    for (const release of this.hanging.splice(0)) release();
    await this.server.close();
  }

  private async answer(fn: EsipaFunction, value: AsnValue, ctx: BindingContext): Promise<AsnValue | undefined> {
    this.received.push({ fn, value, body: ctx.body, connectionId: ctx.connectionId });
    const queued = this.queues.get(fn);
    const next = queued?.length ? queued.shift() : this.defaults.get(fn);
    if (next === HANG) return new Promise((resolve) => this.hanging.push(() => resolve(undefined)));
    return typeof next === 'function' ? next(value, ctx) : next;
  }
}

/** A server answering `answer` to every POST on the ESipa ASN.1 path; `hits` counts the requests. */
export async function rawEim(pki: PkiStore, curve: Curve, answer: HttpAnswer): Promise<{ server: HttpServer; hits: Uint8Array[] }> {
  const hits: Uint8Array[] = [];
  const server = await startHttpServer({
    interface: 'esipa',
    tls: { credential: pki.get('eimTls', curve) },
    routes: [{
      method: 'POST', path: ASN1_PATH, contentTypes: ['application/x-gsma-rsp-asn1'],
      async handle(body) {
        hits.push(body);
        return answer;
      },
    }],
  });
  return { server, hits };
}
