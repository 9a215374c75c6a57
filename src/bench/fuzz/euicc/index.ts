/**
 * The eUICC fuzz target: the fuzzer plays the IPA (and the eIM behind it) and sends ES10 commands as
 * STORE DATA sequences over the TCP APDU link — to an in-process S_eUICC card server on loopback, as
 * `sgp32 sim euicc --listen` serves it, or to the configured `iut.euicc.card`.
 */
import { AsnDecodeError } from '../../../asn1';
import { serveTcp } from '../../../transport/card';
import { euiccCard } from '../../../../simulators/euicc/card';
import { euiccConfigFromPki } from '../../../../simulators/euicc/config';
import { SimEuicc } from '../../../../simulators/euicc/euicc';
import { parseCardAddress } from '../../euicc/card-link';
import type { ScenarioContext } from '../../scenario';
import type { Answer, FuzzCase, FuzzTarget } from '../target';
import { FuzzCardLink } from './card';
import { euiccCases } from './cases';
import { classify } from './classify';
import { FuzzEim, FUZZ_EIM_ID } from './eim';
import { CardModel } from './model';
import { Es10Routes } from './routing';
import { ApduMutation, deliver, plan, READ_ONLY_REQUESTS } from './store-data';

/** Where the card is: the configured one, or a fresh S_eUICC served on loopback for this target. */
async function cardAddress(ctx: ScenarioContext): Promise<{ host: string; port: number; name: string }> {
  const version = ctx.config.version;
  const configured = parseCardAddress(ctx.config.iut.euicc?.card);
  if (configured.kind === 'tcp') return { ...configured, name: `eUICC (IUT) at tcp ${configured.host}:${configured.port} ES10 ${version}` };
  const euicc = new SimEuicc(euiccConfigFromPki(ctx.pki, { version }));
  const server = await serveTcp(euiccCard(euicc), { host: '127.0.0.1', port: 0 });
  ctx.defer(() => server.close());
  return { host: server.host, port: server.port, name: `S_eUICC (built-in) ES10 over TCP APDU ${version}` };
}

export async function euiccFuzzTarget(ctx: ScenarioContext): Promise<FuzzTarget> {
  const version = ctx.config.version;
  const address = await cardAddress(ctx);
  const card = new FuzzCardLink(address.host, address.port, ctx.config.timeouts.exchange, address.name);
  ctx.defer(() => card.drop());
  const routes = new Es10Routes(version);
  const model = new CardModel(ctx, card, routes);
  await model.establish();
  await model.digest();

  const suite = await model.suite();
  const identity = suite.eimNamed(FUZZ_EIM_ID);
  const [curve, other] = [identity.curve, ctx.pki.curves.find((c) => c !== identity.curve)];
  // With one curve configured, "another key" is the run's eIM TLS key: a real key, not this eIM's.
  const otherKey = other ? ctx.pki.get('eimSign', other).key : ctx.pki.get('eimTls', curve).key;
  const eid = Buffer.from(suite.eid, 'hex');
  const eim = new FuzzEim(identity, () => model.associationToken, suite.eim, eid, model.iccid, otherKey, version);
  const cases = euiccCases(routes, eim, model, suite.ciPkId(curve));
  const packageResult = routes.byRequest('EuiccPackageRequest');

  /** What an accepted case may have changed, for the model. */
  const accepted = (c: FuzzCase, a: Answer): void => {
    const route = routes.route(c.bytes);
    if (route && READ_ONLY_REQUESTS.has(route.request)) return;
    model.dirty = true;
    model.associated = false;
    if (route !== packageResult || !a.bytes) return;
    const data = packageResult.codec.decode(packageResult.response, a.bytes).euiccPackageResultSigned?.euiccPackageResultDataSigned;
    if (data?.eimId !== FUZZ_EIM_ID) return;
    model.counter = Math.max(model.counter, Number(data.counterValue));
    model.lastAccepted = c.bytes;
    model.seqNumbers.push(Number(data.seqNumber));
  };

  return {
    role: 'euicc',
    name: address.name,
    cases,
    async send(c) {
      try {
        const channel = await card.channel();
        const d = c.delivery as { blockSize: number; apdu?: ApduMutation };
        const delivered = await deliver((apdu) => card.transmit(apdu), channel, plan(c.bytes, channel, d.blockSize, d.apdu));
        const answer = classify(routes, c.bytes, delivered);
        if (answer.kind === 'success') accepted(c, answer);
        return answer;
      } catch (e) {
        return { kind: 'broken', summary: (e as Error).message };
      }
    },
    async state() {
      try {
        return await model.digest();
      } catch (e) {
        return `unreadable: ${(e as Error).message}`;
      }
    },
    async probe() {
      try {
        const info = await model.es10('GetEuiccInfo1Request', {});
        return info.svn ? undefined : 'EUICCInfo1 without svn';
      } catch (e) {
        return `GetEUICCInfo1: ${(e as Error).message}`;
      }
    },
    describe(c) {
      const route = routes.route(c.bytes);
      if (!route) throw new AsnDecodeError('wrong-tag', 'ES10 command', 0, `no ES10 function of ${version} takes this outer tag`);
      return route.codec.toJSON(route.request, route.codec.decode(route.request, c.bytes));
    },
    close: () => card.drop(),
  };
}

