/** Naming messages from their bytes, as the trace does for whatever crosses a transport. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arbitraryFor, codec } from '../../src/asn1';
import { ChoiceNode } from '../../src/asn1/nodes';

describe('identify', () => {
  for (const version of ['v1.2', 'v1.0'] as const) {
    const c = codec('SGP32Definitions', version);
    for (const wrapper of ['EsipaMessageFromIpaToEim', 'EsipaMessageFromEimToIpa']) {
      it(`${version} ${wrapper}: every alternative is named by the ESipa message type`, () => {
        for (const alt of (c.node(wrapper) as ChoiceNode).alternatives) {
          for (const v of fc.sample(arbitraryFor(alt.node), { numRuns: 5, seed: 9 })) {
            const bytes = c.encode(wrapper, { [alt.name]: v });
            const found = c.identify(bytes, [wrapper]);
            assert.equal(found?.type, wrapper);
            assert.deepEqual(Object.keys(found!.value as object), [alt.name]);
          }
        }
      });
    }
  }
  it('without candidates, the request and the response sharing BF4F are told apart', () => {
    const c = codec();
    const req = c.encode('GetEimPackageRequest', { eidValue: new Uint8Array(16) });
    const res = c.encode('GetEimPackageResponse', { eimPackageError: 1 });
    assert.equal(c.identify(req)?.type, 'GetEimPackageRequest');
    assert.equal(c.identify(res)?.type, 'GetEimPackageResponse');
    assert.equal(c.identify(Uint8Array.of(0xbf, 0x7e, 0x00)), undefined);
  });
});
