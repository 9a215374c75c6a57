/**
 * The eIM the IPA under fuzzing polls: an ESipa ASN.1 endpoint (SGP.32 §6.1, `POST /gsma/rsp2/asn1`)
 * on a real HTTPS socket that answers one request of the cycle with the case's bytes and every other
 * one the way a plain eIM would (a lead package, an error code, acknowledgements), and watches what
 * the IPA sends: a request that is not a strictly decodable EsipaMessageFromIpaToEim, or one the
 * transport refused, is the IPA breaking the binding. Nothing is traced: a campaign runs millions of
 * cycles.
 */
import { Codec } from '../../../asn1';
import { ChoiceNode, ExplicitNode, IntegerNode } from '../../../asn1/nodes';
import { ASN1_CONTENT_TYPE, ASN1_PATH, HttpAnswer, HttpServer, ServerTls, startHttpServer } from '../../../transport/http';

/** How one cycle is answered. */
export interface Script {
  /** The request alternative answered with `answer` (the first one of the cycle; empty: HTTP 204). */
  to: string;
  answer: Uint8Array;
  /** GetEimPackageResponse given before the request `to` comes (when `to` is not getEimPackageRequest). */
  lead?: Uint8Array;
}

/** What the IPA sent in one cycle. */
export interface Seen {
  /** Request alternatives in order. */
  requests: string[];
  /** Where the IPA broke the binding. */
  violations: string[];
  /** The request the case answered arrived (and so was answered with the case). */
  delivered: boolean;
  /** ProvideEimPackageResult carried ipaEuiccData. */
  euiccData: boolean;
  /** AuthenticateClientRequestEsipa carried the card's authenticateResponseOk. */
  authenticated: boolean;
}

const REQUEST = 'EsipaMessageFromIpaToEim';
const ANSWER = 'EsipaMessageFromEimToIpa';

export class FuzzEim {
  private script: Script | undefined;
  private seen: Seen = fresh();
  private readonly fixed = new Map<string, Uint8Array | undefined>();

  private constructor(private readonly c: Codec, private readonly acks: () => number[], private server?: HttpServer) {}

  /** Listens on `host` (free port); `acks` gives the seqNumbers to acknowledge in a plain ProvideEimPackageResultResponse. */
  static async start(o: { codec: Codec; tls: ServerTls; host: string; acks: () => number[] }): Promise<FuzzEim> {
    const eim = new FuzzEim(o.codec, o.acks);
    eim.server = await startHttpServer({
      interface: 'esipa', tls: o.tls, host: o.host, port: 0,
      routes: [{ method: 'POST', path: ASN1_PATH, contentTypes: [ASN1_CONTENT_TYPE], handle: async (body) => eim.answer(body) }],
      log: (note) => {
        if (note.status !== 200 && note.status !== 204) eim.seen.violations.push(`HTTP ${note.status} ${note.path ?? ''}: ${note.reason}`);
      },
    });
    return eim;
  }

  get url(): string {
    return this.server!.url;
  }

  /** The next cycle is answered by `script`. */
  arm(script: Script): void {
    this.script = script;
    this.seen = fresh();
  }

  /** What the IPA sent since `arm`. */
  take(): Seen {
    const seen = this.seen;
    this.script = undefined;
    this.seen = fresh();
    return seen;
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }

  private answer(body: Uint8Array): HttpAnswer {
    let request: Record<string, any>;
    try {
      request = this.c.decode(REQUEST, body);
    } catch (e) {
      this.seen.violations.push(`request is not a strict ${REQUEST}: ${(e as Error).message}`);
      return { status: 400 };
    }
    const [alternative] = Object.keys(request);
    const value = request[alternative];
    this.seen.requests.push(alternative);
    if (alternative === 'provideEimPackageResult') {
      const result = this.c.version === 'v1.0' ? value : value.eimPackageResult;
      if (result?.ipaEuiccDataResponse?.ipaEuiccData !== undefined) this.seen.euiccData = true;
    }
    if (alternative === 'authenticateClientRequestEsipa' && value.authenticateServerResponse?.authenticateResponseOk !== undefined) this.seen.authenticated = true;

    const s = this.script;
    if (s && alternative === s.to && !this.seen.delivered) {
      this.seen.delivered = true;
      // No content is how the binding answers without a message.
      return s.answer.length ? asn1(s.answer) : { status: 204 };
    }
    if (s?.lead && alternative === 'getEimPackageRequest' && !this.seen.delivered) return asn1(s.lead);
    return this.plain(alternative);
  }

  /** An eIM with nothing for the IPA: no package, every relayed step refused, results acknowledged. */
  private plain(request: string): HttpAnswer {
    if (request === 'provideEimPackageResult') {
      const acks = this.acks();
      const value = acks.length ? { eimAcknowledgements: acks } : this.c.version === 'v1.0' ? {} : { emptyResponse: {} };
      return asn1(this.c.encode(ANSWER, { provideEimPackageResultResponse: value }));
    }
    if (!this.fixed.has(request)) this.fixed.set(request, this.refusal(request));
    const fixed = this.fixed.get(request);
    return fixed ? asn1(fixed) : { status: 204 };
  }

  /** The answer alternative of `request` with its error code (noEimPackageAvailable, else undefinedError, else the first). */
  private refusal(request: string): Uint8Array | undefined {
    const response = request === 'getEimPackageRequest' ? 'getEimPackageResponse' : request.replace('Request', 'Response');
    const outer = (this.c.node(ANSWER) as ChoiceNode).byName.get(response)?.node;
    const choice = outer instanceof ExplicitNode ? outer.inner : outer;
    if (!(choice instanceof ChoiceNode)) return undefined;
    for (const [name, alt] of choice.byName) {
      const n = alt.node instanceof ExplicitNode ? alt.node.inner : alt.node;
      if (!(n instanceof IntegerNode) || !n.named) continue;
      const code = n.named.noEimPackageAvailable ?? n.named.invalidDpAddress ?? n.named.undefinedError ?? Object.values(n.named)[0];
      return this.c.encode(ANSWER, { [response]: { [name]: code } });
    }
    return undefined;
  }
}

function fresh(): Seen {
  return { requests: [], violations: [], delivered: false, euiccData: false, authenticated: false };
}

function asn1(body: Uint8Array): HttpAnswer {
  return { status: 200, contentType: ASN1_CONTENT_TYPE, body };
}
