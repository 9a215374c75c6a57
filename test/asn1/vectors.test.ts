/** `asn1 check` logic: faithful vectors pass; anything else fails with a reason naming the line. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkVectors } from '../../src/asn1/vectors';
import { tlv } from './tlv';

const line = (o: object) => JSON.stringify(o);
const EID = '89'.repeat(16);

describe('vector check', () => {
  it('passes DER vectors of both versions and both modules, and says why others fail', () => {
    const text = [
      line({ module: 'SGP32Definitions', type: 'GetEimPackageRequest', hex: tlv('BF4F', `5A10${EID}`, '810103', '820312F456'), asnVersion: 'v1.2' }),
      line({ module: 'SGP32Definitions', type: 'GetEimPackageRequest', hex: tlv('BF4F', `5A10${EID}`, '8000', '810312F456'), asnVersion: 'v1.0' }),
      line({ module: 'RSPDefinitions', type: 'GetEuiccDataRequest', hex: 'BF3E035C015A', asnVersion: 'v2.5' }),
      line({ module: 'SGP32Definitions', type: 'GetEimPackageRequest', hex: `BF4F81125A10${EID}`, asnVersion: 'v1.2' }),
      line({ module: 'SGP32Definitions', type: 'NoSuchType', hex: '3000', asnVersion: 'v1.2' }),
      '{not json',
      line({ module: 'SGP32Definitions', type: 'GetEimPackageRequest', hex: tlv('BF4F', `5A08${EID.slice(0, 16)}`), asnVersion: '1.2' }),
      line({ module: 'SGP32Definitions', type: 'GetEimPackageRequest', hex: 'BF4F03020101', asnVersion: 'v1.2' }),
    ].join('\n');
    const r = checkVectors(text);
    assert.equal(r.passed, 4);
    assert.deepEqual(r.failed.map((f) => f.line), [4, 5, 6, 8]);
    assert.match(r.failed[0].reason, /re-encoding differs at offset 2/);
    assert.match(r.failed[1].reason, /unknown type 'NoSuchType'/);
    assert.match(r.failed[2].reason, /not a JSON object/);
    assert.match(r.failed[3].reason, /^decode: GetEimPackageRequest\.eidValue: .*\(missing-field\)$/);
    assert.deepEqual(r.warnings.map((w) => w.line), [7]);
  });
});
