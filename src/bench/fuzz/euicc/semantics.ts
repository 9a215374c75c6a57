/**
 * Semantic mutations: well-formed ES10 commands the card must refuse for what they mean. All but
 * the last three are eUICC Packages signed by the fuzz eIM that are wrong in exactly one respect
 * (SGP.32 §2.11.1.1 checks: association, eimSignature, eidValue, counterValue ≤ stored → replayError,
 * counterValue beyond range → counterValueOutOfRange); the others replay the setup download's
 * AuthenticateServer / PrepareDownload outside their session, and AddInitialEim while an eIM is
 * associated. Every amount shrinks to 0, so a shrunk replay is the stored counter itself. A validly
 * signed package that breaks a schema constraint must be refused by the decoder, before any check.
 */
import fc, { Arbitrary } from 'fast-check';
import { applyValueMutation, valueMutation } from '../../../asn1';
import type { FuzzCase } from '../target';
import { COUNTER_BEYOND_RANGE, type FuzzEim } from './eim';
import type { CardModel } from './model';
import { fuzzCase, type Es10Routes } from './routing';

export function semanticCases(routes: Es10Routes, eim: FuzzEim, model: CardModel): Arbitrary<FuzzCase> {
  const route = routes.byRequest('EuiccPackageRequest');
  const semantic = (name: string, bytes: Uint8Array) => fuzzCase(route, bytes, `semantic ${name}`, 'reject');
  const small = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.nat({ max: 1000 }));
  const pkg = fc.nat({ max: eim.packages.length - 1 }).map((i) => eim.packages[i]);
  const fresh = (k: number) => model.counter + 1 + k;

  const packages: Arbitrary<FuzzCase>[] = [
    fc.tuple(pkg, small).map(([p, k]) => {
      const counterValue = model.counter - k;
      return semantic(`replayed counter: counterValue ${counterValue} = stored counter${k ? ` - ${k}` : ''}`, eim.sign(p, { counterValue }));
    }),
    // The whole last executed package again: its counter and eimTransactionId are both stale.
    fc.constant(null).map(() => model.lastAccepted
      ? semantic('replayed counter: the last executed package again (stale eimTransactionId)', model.lastAccepted)
      : semantic(`replayed counter: counterValue ${model.counter} = stored counter`, eim.sign(eim.packages[0], { counterValue: model.counter }))),
    fc.tuple(pkg, small).map(([p, k]) => semantic(`counterValue ${COUNTER_BEYOND_RANGE + k} beyond the range`, eim.sign(p, { counterValue: COUNTER_BEYOND_RANGE + k }))),
    fc.tuple(pkg, small, fc.nat({ max: 15 })).map(([p, k, at]) => {
      const eid = Uint8Array.from(eim.eid);
      eid[at] ^= 0x11;
      return semantic(`wrong EID (byte ${at} changed)`, eim.sign(p, { counterValue: fresh(k), eid }));
    }),
    fc.tuple(pkg, small).map(([p, k]) => semantic('unknown eimId', eim.sign(p, { counterValue: fresh(k), eimId: `unknown-${k}.example.com` }))),
    fc.tuple(pkg, small, small).map(([p, k, d]) => semantic('eimSignature over other bytes (another counterValue)',
      eim.signedOver(p, { counterValue: fresh(k) }, { counterValue: fresh(k) + 1 + d }))),
    fc.tuple(pkg, small).map(([p, k]) => semantic('eimSignature with another key (the other curve)', eim.sign(p, { counterValue: fresh(k) }, eim.otherKey))),
    fc.tuple(pkg, small, valueMutation).map(([p, k, m]) => {
      const signed = eim.signedValue(p, { counterValue: fresh(k) });
      const broken = applyValueMutation(eim.codec.node('EuiccPackageSigned'), signed, m);
      // eimId has a SIZE, so every package has a constraint to break; a value outside an INTEGER's named
      // numbers is not one (the codec takes it), and then the card may take the package too.
      const bytes = eim.signRaw(broken!.value);
      return fuzzCase(route, bytes, `semantic validly signed package with ${broken!.description}`, routes.accepts(bytes) ? 'any' : 'reject');
    }),
  ];
  const others: Arbitrary<FuzzCase>[] = [];
  const { authenticateServer, prepareDownload } = model.stale;
  if (authenticateServer) others.push(fc.constant(fuzzCase(routes.byRequest('AuthenticateServerRequest'), authenticateServer, 'semantic AuthenticateServer of a finished session (stale euiccChallenge)', 'reject')));
  if (prepareDownload) others.push(fc.constant(fuzzCase(routes.byRequest('PrepareDownloadRequest'), prepareDownload, 'semantic PrepareDownload of a finished session (stale transactionId)', 'reject')));
  const addInitial = routes.byRequest('AddInitialEimRequest');
  const addInitialBytes = addInitial.codec.encode('AddInitialEimRequest', eim.addInitialEimValue);
  // Only refused for sure while the model knows the eIM is still there.
  others.push(fc.constant(null).map(() => fuzzCase(addInitial, addInitialBytes, 'semantic AddInitialEim while an eIM is associated', model.associated ? 'reject' : 'any')));
  return fc.oneof({ weight: 4, arbitrary: fc.oneof(...packages) }, { weight: 1, arbitrary: fc.oneof(...others) });
}
