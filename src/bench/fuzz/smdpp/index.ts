/**
 * The SM-DP+ fuzz target: the fuzzer plays S_IPA on ES9+ (InitiateAuthentication, AuthenticateClient,
 * GetBoundProfilePackage, HandleNotification, CancelSession), on both bindings of the built-in
 * S_SM-DP+ or on the configured SM-DP+'s binding, over one kept-alive HTTPS connection.
 *
 * Cases mix, per function: the request as S_IPA sends it (~10%; valid ones take a real session out
 * of the pool, sessions.ts), TLV mutations of it (~30%; for JSON, of the DER in one base64 member),
 * mutations of the JSON binding (~10%, json-mutations.ts; TLV mutations on ASN.1), schema value
 * mutations (~10%) and semantic mutations (~40%, semantic.ts). A quarter of the unmutated bases are
 * schema-generated values instead of real requests, for breadth.
 *
 * state(): the built-in S_SM-DP+'s orders and open sessions (state-view.ts); a configured SM-DP+'s
 * state cannot be read over ES9+/ES2+, so it is a constant there. probe(): a real
 * InitiateAuthentication answered with serverSigned1, followed by the pools' refill.
 */
import fc, { Arbitrary } from 'fast-check';
import { applyTlvMutation, applyValueMutation, arbitraryFor, tlvMutation, TlvMutation, toHex, valueMutation, ValueMutation } from '../../../asn1';
import { ASN1_CONTENT_TYPE, ASN1_PATH, ES9PLUS_JSON_PREFIX, Es9PlusFunction, HttpClient, JSON_CONTENT_TYPE } from '../../../transport/http';
import { ScenarioContext } from '../../scenario';
import { es9Request } from '../../smdpp/es9-requests';
import { EVERY_STATUS, failedExchange } from '../http-answers';
import type { Expectation, FuzzCase, FuzzTarget } from '../target';
import { BUILT_IN_PROFILES, reachSmdpp } from './iut';
import { applyJsonMutation, JsonMutation, jsonMutation } from './json-mutations';
import { cancelReceipt, kitCredentials, SEMANTIC, SemanticKit } from './semantic';
import { SessionPool } from './sessions';
import { StateView } from './state-view';
import {
  asn1Body, asn1Function, Binding, classify, Delivery, describeBody, FUNCTIONS, header, jsonBody, jsonMembers, jsonReadable, requestType, rsp,
} from './wire';

type Family = 'none' | 'tlv' | 'json' | 'value' | 'semantic';

interface Plan {
  fn: Es9PlusFunction;
  binding: Binding;
  family: Family;
  pick: number;
  /** A schema-generated request value instead of a real one. */
  generated?: unknown;
  challenge: Uint8Array;
  tlv: TlvMutation;
  json: JsonMutation;
  value: ValueMutation;
}

interface Base {
  request: Uint8Array;
  tx?: string;
  release?: boolean;
}

/** Orders placed on a configured SM-DP+ (each holds a profile of its inventory for the run). */
const CONFIGURED_ORDERS = 4;
/**
 * Probes between expiries of the built-in SM-DP+'s sessions: often enough to bound what a campaign
 * leaves open, seldom enough that the pools are not remade for every batch (a session costs the
 * SM-DP+ and S_eUICC a certificate chain check each).
 */
const EXPIRE_EVERY = 16;
/** JSON members that carry no DER data object (header, hex, raw base64, text): TLV mutations on the JSON binding go to the others. */
const TEXT_MEMBERS = new Set(['header', 'transactionId', 'smdpAddress', 'euiccChallenge']);

export async function smdppFuzzTarget(ctx: ScenarioContext): Promise<FuzzTarget> {
  const curve = ctx.config.curves[0];
  const iut = await reachSmdpp(ctx, curve);
  const t = iut.target;
  const pool = await SessionPool.open(ctx, t, iut.sim ? BUILT_IN_PROFILES : CONFIGURED_ORDERS);
  const kit: SemanticKit = { pool, pir: await pool.download(), ...kitCredentials(ctx.pki, curve) };
  const refused = await pool.refill(false);
  if (refused) throw new Error(`the SM-DP+ refused a valid ${refused}`);
  const view = iut.sim && new StateView(iut.sim);
  const http = new HttpClient({
    baseUrl: t.es9, interface: 'es9plus', trust: t.trust, insecureSkipVerify: t.insecure, timeoutMs: ctx.config.timeouts.exchange,
    adminProtocol: ctx.config.adminProtocol,
  });
  const bindings: Binding[] = iut.sim ? ['json', 'asn1'] : [t.binding];
  let probes = 0;

  /** The request as S_IPA sends it; a valid case (`borrow` false) takes its session out of the pool. */
  const real = (p: Plan, borrow: boolean): Base => {
    const tx = (s: { transactionId: Uint8Array }) => toHex(s.transactionId);
    switch (p.fn) {
      case 'initiateAuthentication':
        return { request: es9Request.initiateAuthentication(p.challenge, t.address, pool.euiccInfo1) };
      case 'authenticateClient': {
        const s = pool.take('fresh', borrow, p.pick) ?? pool.any(p.pick);
        return { request: s.authenticateClient, tx: tx(s) };
      }
      case 'getBoundProfilePackage': {
        const s = pool.take('authenticated', borrow, p.pick) ?? pool.any(p.pick, true);
        return { request: s.getBoundProfilePackage!, tx: tx(s) };
      }
      case 'handleNotification':
        return { request: es9Request.handleNotification(kit.pir) };
      case 'cancelSession': {
        const s = pool.take('bound', borrow, p.pick) ?? pool.take('authenticated', borrow, p.pick) ?? pool.any(p.pick);
        // postponed or timeout: the order may be downloaded again (SGP.22 §5.6.5)
        return { request: es9Request.cancelSession(s.transactionId, cancelReceipt(kit, s.transactionId, 1 + (p.pick % 2))), tx: tx(s), release: true };
      }
    }
  };

  const base = (p: Plan, borrow: boolean): Base => {
    if (p.generated !== undefined) {
      try {
        return { request: rsp().encode(requestType(p.fn), p.generated) };
      } catch {
        // a generated value the encoder refuses: the real request instead
      }
    }
    return real(p, borrow);
  };

  const channel = (p: Plan) => `ES9+ ${p.binding === 'json' ? 'JSON' : 'ASN.1'} ${p.fn}`;

  /** The case for `request`, mutated on the wire as the plan says when `wire` is set. */
  const onWire = (p: Plan, b: Base, mutation: string, expect: Expectation | undefined, wire: 'tlv' | 'json' | undefined): FuzzCase => {
    const made = (bytes: Uint8Array, what: string, d: Omit<Delivery, 'binding' | 'tx' | 'release'>, readable: boolean): FuzzCase => ({
      channel: channel(p), message: requestType(p.fn), mutation: what, expect: expect ?? (readable ? 'any' : 'reject'), bytes,
      delivery: { binding: p.binding, ...d, ...(b.tx && { tx: b.tx }), ...(b.release && { release: true }) },
    });
    if (p.binding === 'asn1') {
      const body = asn1Body(b.request);
      const m = wire && applyTlvMutation(body, p.tlv);
      const bytes = m ? m.bytes : body;
      const fn = asn1Function(bytes);
      return made(bytes, m ? `tlv ${m.description}` : mutation, { fn: fn ?? p.fn }, fn !== undefined);
    }
    const members = jsonMembers(p.fn, b.request, header(p.pick));
    if (wire === 'json') {
      const m = applyJsonMutation(members, p.json);
      return made(m.body, `json ${m.description}`, { fn: p.fn, ...(m.contentType !== undefined && { contentType: m.contentType }) }, jsonReadable(p.fn, m.body, m.contentType));
    }
    if (wire === 'tlv') {
      const names = Object.keys(members).filter((n) => !TEXT_MEMBERS.has(n));
      const name = names[p.tlv.at % names.length];
      const m = name === undefined ? undefined : applyTlvMutation(Buffer.from(members[name] as string, 'base64'), p.tlv);
      if (m) {
        const body = jsonBody({ ...members, [name]: Buffer.from(m.bytes).toString('base64') });
        return made(body, `tlv ${m.description} in ${name}`, { fn: p.fn }, jsonReadable(p.fn, body));
      }
    }
    return made(jsonBody(members), mutation, { fn: p.fn }, true);
  };

  const build = (p: Plan): FuzzCase => {
    if (p.family === 'semantic') {
      const makers = SEMANTIC[p.fn];
      const s = makers[p.pick % makers.length](kit, p.pick);
      if (s) return onWire(p, { request: s.request, tx: s.tx }, `semantic ${s.name}`, s.expect, undefined);
    }
    if (p.family === 'value') {
      const b = base(p, true);
      const type = requestType(p.fn);
      const m = applyValueMutation(rsp().node(type), rsp().decode(type, b.request), p.value);
      if (m) return onWire(p, { ...b, request: rsp().encode(type, m.value, { constraints: false }) }, `value ${m.description}`, undefined, undefined);
    }
    const mutated = p.family === 'tlv' || p.family === 'json';
    // only an unmutated case takes its session; anything else (including a fallback) borrows it
    const b = base(p, p.family !== 'none');
    return onWire(p, b, 'none', mutated ? undefined : 'any', mutated ? (p.family === 'json' && p.binding === 'json' ? 'json' : 'tlv') : undefined);
  };

  const family: Arbitrary<Family> = fc.oneof(
    { weight: 10, arbitrary: fc.constant('none' as const) },
    { weight: 30, arbitrary: fc.constant('tlv' as const) },
    { weight: 10, arbitrary: fc.constant('json' as const) },
    { weight: 10, arbitrary: fc.constant('value' as const) },
    { weight: 40, arbitrary: fc.constant('semantic' as const) },
  );
  // One arbitrary per function, built once (arbitraries made per case cost more than the case).
  const binding = fc.constantFrom(...bindings);
  const challenge = fc.uint8Array({ minLength: 16, maxLength: 16 });
  const plans: Arbitrary<Plan> = fc.oneof(...FUNCTIONS.map((fn) => fc.record({
    fn: fc.constant(fn),
    binding,
    family,
    pick: fc.nat(),
    generated: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arbitraryFor(rsp().node(requestType(fn))) }),
    challenge,
    tlv: tlvMutation,
    json: jsonMutation,
    value: valueMutation,
  })));

  return {
    role: 'smdpp',
    name: iut.sim ? 'S_SM-DP+ (built-in) ES9+ ASN.1 + JSON' : `SM-DP+ (IUT) at ${t.es9} ES9+ ${t.binding === 'json' ? 'JSON' : 'ASN.1'}`,
    cases: plans.map(build),
    async send(c) {
      const d = c.delivery as unknown as Delivery;
      const path = d.binding === 'asn1' ? ASN1_PATH : `${ES9PLUS_JSON_PREFIX}${d.fn}`;
      const contentType = d.contentType ?? (d.binding === 'asn1' ? ASN1_CONTENT_TYPE : JSON_CONTENT_TYPE);
      let res;
      try {
        res = await http.post(path, contentType, c.bytes, { expect: EVERY_STATUS });
      } catch (e) {
        return failedExchange(e as Error);
      }
      const answer = classify(d, res);
      if (answer.kind === 'success') pool.accepted(d.fn, d.tx, d.release ?? false);
      return answer;
    },
    async state() {
      return view ? view.digest() : 'configured SM-DP+: orders and sessions are not observable over ES9+/ES2+ (constant)';
    },
    async probe() {
      const refill = async () => {
        const expire = iut.sim !== undefined && ++probes % EXPIRE_EVERY === 0;
        if (expire) iut.expireSessions();
        return pool.refill(expire);
      };
      return view ? view.unobserved(refill) : refill();
    },
    describe(c) {
      return describeBody(c.delivery as unknown as Delivery, c.bytes);
    },
    close: () => http.close(),
  };
}
