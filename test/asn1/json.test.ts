/** The JSON rendering: documented shapes, and JSON text -> value -> JSON text for every type. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arbitraryFor, AsnEncodeError, codec, fromHex } from '../../src/asn1';
import { allTypes } from './all-types';
import { tlv } from './tlv';

const c = codec();

describe('JSON rendering', () => {
  it('shapes: hex, numbers, big integers as decimal strings, named bits, CHOICE, NULL', () => {
    const v = c.decode('EimConfigurationData', fromHex(tlv('30', '8003656969', '83020100', '8409010000000000000001', '87020520')));
    assert.deepEqual(c.toJSON('EimConfigurationData', v), {
      eimId: 'eii', counterValue: 256, associationToken: '18446744073709551617', eimSupportedProtocol: ['eimInjectHttps'],
    });
    const r = c.decode('GetEimPackageRequest', fromHex(tlv('BF4F', '5A10000102030405060708090A0B0C0D0E0F', '8000')));
    assert.deepEqual(c.toJSON('GetEimPackageRequest', r), { eidValue: '000102030405060708090A0B0C0D0E0F', notifyStateChange: null });
  });

  it('certificates render as DER hex plus a readable summary', () => {
    const [cert] = fc.sample(arbitraryFor(c.node('Certificate')), { numRuns: 1, seed: 3 });
    const j = c.toJSON('Certificate', cert) as Record<string, string>;
    assert.match(j.der, /^30[0-9A-F]+$/);
    assert.match(j.subject, /^CN=/);
    assert.match(j.notBefore, /^\d{4}-\d\d-\d\dT/);
    assert.ok(['prime256v1', 'brainpoolP256r1'].includes(j.curve));
    assert.deepEqual(c.fromJSON('Certificate', j), cert);
  });

  it('errors in JSON input and in values name the path', () => {
    assert.throws(() => c.fromJSON('EuiccPackageRequest', { euiccPackageSigned: { eimId: 'x', eidValue: 'zz' } }),
      (e: unknown) => e instanceof AsnEncodeError && e.path === 'EuiccPackageRequest.euiccPackageSigned.eidValue');
    assert.throws(() => c.fromJSON('EsipaMessageFromEimToIpa', { nope: {} }), /nope/);
    assert.throws(() => c.encode('GetEimPackageRequest', { eidValue: new Uint8Array(16), rplmn: new Uint8Array(3) }),
      (e: unknown) => e instanceof AsnEncodeError && e.path === 'GetEimPackageRequest' && /'rplmn' is not a component/.test(e.detail));
    assert.throws(() => c.encode('GetEimPackageRequest', { notifyStateChange: null }),
      (e: unknown) => e instanceof AsnEncodeError && e.code === 'missing-field' && e.path === 'GetEimPackageRequest.eidValue');
  });

  for (const { label, codec: k, type } of allTypes()) {
    it(`JSON round trip: ${label}`, () => {
      fc.assert(fc.property(arbitraryFor(k.node(type)), (v) => {
        const text = JSON.stringify(k.toJSON(type, v));
        assert.deepStrictEqual(k.fromJSON(type, JSON.parse(text)), v);
      }), { numRuns: 10 });
    });
  }
});
