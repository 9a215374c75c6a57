/**
 * Bound Profile Package: build on the SM-DP+ side, load segment by segment on the eUICC side, and
 * every rejection named with the ProfileInstallationResult fields SGP.22 gives it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, KeyObject, randomBytes } from 'node:crypto';
import { codec } from '../../src/asn1';
import { RSPDefinitions } from '../../src/asn1/rsp/definitions';
import { assembleBoundProfilePackage, bindSession, BppContent, BppInputError, buildBoundProfilePackage, SessionBinding, SessionBindingInput } from '../../src/crypto/bpp';
import { BPP_COMMAND_ID, BPP_ERROR_REASON, BppCommandName, BppError, BppErrorReasonName } from '../../src/crypto/bpp-errors';
import { initialiseSecureChannelSignedData } from '../../src/crypto/bpp-isc';
import { BppLoader, BppLoaderOptions, openBoundProfilePackage } from '../../src/crypto/bpp-loader';
import { segmentBoundProfilePackage } from '../../src/crypto/bpp-segments';
import { Curve, CURVE_INFO } from '../../src/crypto/curves';
import { signRaw, verifyRaw } from '../../src/crypto/ecdsa';
import { generateOneTimeKey, keyFromScalar, OneTimeKeyPair } from '../../src/crypto/ecka';
import { OSMO_SMDPP_BPP } from './vectors/pysim-bsp';

const hex = (h: string) => Buffer.from(h, 'hex');
const EID = hex('89049032123451234512345678901235');
const HOST_ID = Buffer.from('mahlzeit');
const METADATA = { iccid: hex('98001032547698103214'), serviceProviderName: 'GSMA_TEST', profileName: 'GSMA_TEST_PROFILE' };

/**
 * An ECDSA key pair built from a fresh scalar. Not generateKeyPairSync: on Node 20 reading
 * asymmetricKeyDetails (curveOfKey does) of a key from it can deadlock when GC finalises the
 * key-generation job during that call (seen as a rare hang of this file under node --test).
 */
function ecKeyPair(curve: Curve): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = keyFromScalar(curve, generateOneTimeKey(curve).privateKey);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

interface Fixture { curve: Curve; dpPb: { privateKey: KeyObject; publicKey: KeyObject }; euiccOtk: OneTimeKeyPair; transactionId: Buffer }
const fixture = (curve: Curve): Fixture => ({
  curve,
  dpPb: ecKeyPair(curve),
  euiccOtk: generateOneTimeKey(curve),
  transactionId: randomBytes(16),
});
const bindingInput = (f: Fixture): SessionBindingInput => ({
  curve: f.curve, transactionId: f.transactionId, dpPb: f.dpPb.privateKey, euiccOtpk: f.euiccOtk.publicKey, eid: EID, hostId: HOST_ID,
});
const loaderOptions = (f: Fixture): BppLoaderOptions => ({ dpPb: f.dpPb.publicKey, euiccOtk: f.euiccOtk, eid: EID, transactionId: f.transactionId });

function isBppError(command: BppCommandName, reason: BppErrorReasonName, segment?: number) {
  return (e: unknown) => {
    assert.ok(e instanceof BppError, `expected a BppError, got ${String(e)}`);
    assert.deepEqual([e.command, e.reason], [command, reason], e.message);
    if (segment !== undefined) assert.equal(e.segment, segment, e.message);
    assert.equal(e.bppCommandId, BPP_COMMAND_ID[command]);
    assert.equal(e.errorReason, BPP_ERROR_REASON[reason]);
    return true;
  };
}

/** Loads segments one by one and returns what the last one gave. */
function load(segments: Buffer[], opts: BppLoaderOptions) {
  const loader = new BppLoader(opts);
  let out;
  for (const s of segments) out = loader.load(s);
  return out;
}

/** Signs a changed InitialiseSecureChannelRequest properly, so only the change itself is wrong. */
function resigned(f: Fixture, change: (v: SessionBinding['initialiseSecureChannelRequest']) => void, content: BppContent): Buffer[] {
  const b = bindSession(bindingInput(f));
  change(b.initialiseSecureChannelRequest);
  const der = codec('RSPDefinitions').encode('InitialiseSecureChannelRequest', b.initialiseSecureChannelRequest);
  b.initialiseSecureChannelRequest.smdpSign = signRaw(f.dpPb.privateKey, initialiseSecureChannelSignedData(der, f.euiccOtk.publicKey)!);
  return assembleBoundProfilePackage(b, content).segments;
}

for (const curve of ['nist', 'brp'] as const) {
  describe(`BPP on ${CURVE_INFO[curve].label}`, () => {
    const f = fixture(curve);
    const upp = randomBytes(3000);
    const ppk = { initialMcv: randomBytes(16), sEnc: randomBytes(16), sMac: randomBytes(16) };

    it('segments in the order of SGP.22 §2.5.5: BF36+BF23 | A0+87 | A1 | 88… | A3 | 86…', () => {
      const b = buildBoundProfilePackage({ ...bindingInput(f), storeMetadata: { ...METADATA, icon: randomBytes(1024), iconType: 1 }, upp });
      const s = b.segments;
      assert.deepEqual(s.map((x) => x.subarray(0, x[0] === 0xbf ? 2 : 1).toString('hex')), ['bf36', 'a0', 'a1', '88', '88', 'a3', '86', '86', '86']);
      assert.equal(s[0][s[0][2] & 0x80 ? 3 + (s[0][2] & 0x7f) : 3], 0xbf, 'BF23 follows the BF36 header');
      assert.equal(s[1][2], 0x87, 'the first 87 travels with A0');
      assert.ok([s[2], s[5]].every((x) => x.length <= 4), 'A1 and A3 travel alone');
      assert.deepEqual(Buffer.concat(s), b.der, 'segments cover the DER exactly');
      assert.ok(s.slice(3).every((x) => x.length <= 1020));
      const o = load(s, loaderOptions(f))!;
      assert.deepEqual(o.upp, upp);
      assert.equal(o.segments, s.length);
      assert.equal(o.storeMetadata.value.profileName, METADATA.profileName);
      assert.equal((o.storeMetadata.value.icon as Uint8Array).length, 1024);
      assert.deepEqual(o.sessionKeys, b.sessionKeys);
    });

    it('with PPKs: A2 (ReplaceSessionKeys) comes before A3, and the 86 elements open only under the PPKs', () => {
      const b = buildBoundProfilePackage({ ...bindingInput(f), storeMetadata: METADATA, upp, ppk });
      assert.deepEqual(b.segments.map((x) => x[0] === 0xbf ? 'bf' : x[0].toString(16)), ['bf', 'a0', 'a1', '88', 'a2', 'a3', '86', '86', '86']);
      assert.equal(b.segments[4][2], 0x87);
      const o = openBoundProfilePackage(b.der, loaderOptions(f));
      assert.deepEqual(o.upp, upp);
      assert.deepEqual(o.replaceSessionKeys?.value, { initialMacChainingValue: new Uint8Array(ppk.initialMcv), ppkEnc: new Uint8Array(ppk.sEnc), ppkCmac: new Uint8Array(ppk.sMac) });
      // The same 86 elements as a BPP without PPKs would carry are not accepted with the session keys.
      const plain = buildBoundProfilePackage({ ...bindingInput(f), smdpOtk: b.smdpOtk, storeMetadata: METADATA, upp });
      const mixed = [...plain.segments.slice(0, 5), ...b.segments.slice(6)];
      assert.throws(() => load(mixed, loaderOptions(f)), isBppError('loadProfileElements', 'scp03tSecurityError', 5));
    });

    it("the BF36 laid out in place is the codec's DER of the same value, cut as segmentBoundProfilePackage cuts it", () => {
      const c = codec('RSPDefinitions');
      for (const content of [{ storeMetadata: METADATA, upp }, { storeMetadata: METADATA, upp, ppk }, { storeMetadata: METADATA, upp: Buffer.alloc(0) }]) {
        const b = buildBoundProfilePackage({ ...bindingInput(f), ...content });
        assert.deepEqual(Buffer.from(c.encode('BoundProfilePackage', c.decode('BoundProfilePackage', b.der))), b.der);
        assert.deepEqual(segmentBoundProfilePackage(b.der), b.segments);
      }
    });

    it('smdpSign covers remoteOpId ‖ transactionId ‖ CRT ‖ smdpOtpk ‖ 5F49 euiccOtpk (rebuilt here byte by byte)', () => {
      const b = bindSession(bindingInput(f));
      const v = b.initialiseSecureChannelRequest;
      const crt = Buffer.concat([hex('800188' + '810110' + '84'), Buffer.of(HOST_ID.length), HOST_ID]);
      const signed = Buffer.concat([
        hex('820101'), Buffer.of(0x80, f.transactionId.length), f.transactionId,
        Buffer.of(0xa6, crt.length), crt,
        hex('5f4941'), b.smdpOtk.publicKey,
        hex('5f4941'), f.euiccOtk.publicKey,
      ]);
      assert.ok(verifyRaw(f.dpPb.publicKey, signed, v.smdpSign));
      assert.equal(v.smdpSign.length, 64);
    });

    it('InitialiseSecureChannel checks: transactionId, smdpSign, remoteOpId, CRT, smdpOtpk', () => {
      const content = { storeMetadata: METADATA, upp };
      const good = buildBoundProfilePackage({ ...bindingInput(f), ...content }).segments;
      assert.throws(() => load(good, { ...loaderOptions(f), transactionId: randomBytes(16) }), isBppError('initialiseSecureChannel', 'invalidTransactionId', 0));
      const other = ecKeyPair(curve);
      assert.throws(() => load(good, { ...loaderOptions(f), dpPb: other.publicKey }), isBppError('initialiseSecureChannel', 'invalidSignature', 0));
      assert.throws(() => load(good, { ...loaderOptions(f), euiccOtk: generateOneTimeKey(curve) }), isBppError('initialiseSecureChannel', 'invalidSignature', 0));
      assert.throws(() => load(resigned(f, (v) => { v.remoteOpId = 2; }, content), loaderOptions(f)), isBppError('initialiseSecureChannel', 'unsupportedRemoteOperationType', 0));
      assert.throws(() => load(resigned(f, (v) => { v.controlRefTemplate.keyType = Buffer.of(0x89); }, content), loaderOptions(f)), isBppError('initialiseSecureChannel', 'unsupportedCrtValues', 0));
      assert.throws(() => load(resigned(f, (v) => { v.controlRefTemplate.keyLen = Buffer.of(0x20); }, content), loaderOptions(f)), isBppError('initialiseSecureChannel', 'unsupportedCrtValues', 0));
      const offCurve = Buffer.from(f.euiccOtk.publicKey);
      offCurve[64] ^= 1;
      assert.throws(() => load(resigned(f, (v) => { v.smdpOtpk = offCurve; }, content), loaderOptions(f)), isBppError('initialiseSecureChannel', 'incorrectInputValues', 0));
    });

    it('a wrong EID gives other session keys: the first 87 fails its C-MAC (scp03tSecurityError, configureISDP)', () => {
      const b = buildBoundProfilePackage({ ...bindingInput(f), storeMetadata: METADATA, upp });
      assert.throws(() => load(b.segments, { ...loaderOptions(f), eid: randomBytes(16) }), isBppError('configureISDP', 'scp03tSecurityError', 1));
    });
  });
}

describe('BppLoader sequencing', () => {
  const f = fixture('nist');
  const b = buildBoundProfilePackage({ ...bindingInput(f), storeMetadata: METADATA, upp: randomBytes(2500) });
  const s = b.segments;

  it('a missing, repeated or swapped segment is rejected where it happens', () => {
    assert.throws(() => load([s[0], s[2]], loaderOptions(f)), isBppError('configureISDP', 'scp03tStructureError', 1));
    assert.throws(() => load([s[0], s[1], s[1]], loaderOptions(f)), isBppError('storeMetadata', 'scp03tStructureError', 2));
    assert.throws(() => load([s[0], s[1], s[2], s[3], s[3]], loaderOptions(f)), isBppError('loadProfileElements', 'scp03tStructureError', 4));
    assert.throws(() => load([...s.slice(0, 5), s[6], s[5]], loaderOptions(f)), isBppError('loadProfileElements', 'scp03tSecurityError', 5));
    assert.throws(() => load([...s, s[s.length - 1]], loaderOptions(f)), isBppError('loadProfileElements', 'scp03tStructureError', s.length));
  });

  it('after a rejection every further segment gets the same error', () => {
    const loader = new BppLoader({ ...loaderOptions(f), transactionId: randomBytes(16) });
    let first: unknown;
    assert.throws(() => loader.load(s[0]), (e) => (first = e) instanceof BppError);
    assert.throws(() => loader.load(s[1]), (e) => e === first);
    assert.equal(loader.expecting, 'failed');
  });

  it('an empty UPP gives an empty sequenceOf86 (A3 00) and loads', () => {
    const e = buildBoundProfilePackage({ ...bindingInput(f), storeMetadata: METADATA, upp: Buffer.alloc(0) });
    assert.equal(e.segments[e.segments.length - 1].toString('hex'), 'a300');
    assert.equal(load(e.segments, loaderOptions(f))!.upp.length, 0);
  });

  it('a UPP larger than the first buffer the loader gives a list (1 MiB) loads whole', () => {
    const big = randomBytes((1 << 20) + 70_000);
    const e = buildBoundProfilePackage({ ...bindingInput(f), storeMetadata: METADATA, upp: big });
    assert.deepEqual(load(e.segments, loaderOptions(f))!.upp, big);
  });

  it('a list length claimed far beyond the data that arrives is not allocated up front', () => {
    const e = buildBoundProfilePackage({ ...bindingInput(f), storeMetadata: METADATA, upp: randomBytes(2500) });
    const seg = e.segments;
    const a3 = seg.findIndex((x) => x[0] === 0xa3);
    // BF36 and A3 claim 3.75 GiB, with 4-byte length fields; BF23 is untouched, so smdpSign holds.
    const claimed = 0xf0000000;
    const a3Header = Buffer.from([0xa3, 0x84, 0xf0, 0, 0, 0]);
    const bf23 = seg[0].subarray(seg[0][2] & 0x80 ? 3 + (seg[0][2] & 0x7f) : 3);
    const bf36Length = bf23.length + seg.slice(1, a3).reduce((n, x) => n + x.length, 0) + a3Header.length + claimed;
    const bf36Header = Buffer.from([0xbf, 0x36, 0x84, 0, 0, 0, 0]);
    bf36Header.writeUInt32BE(bf36Length, 3);
    const loader = new BppLoader(loaderOptions(f));
    for (const x of [Buffer.concat([bf36Header, bf23]), ...seg.slice(1, a3)]) loader.load(x);
    const before = process.memoryUsage().arrayBuffers;
    loader.load(a3Header);
    assert.ok(process.memoryUsage().arrayBuffers - before < 16 << 20, 'A3 header segment allocated its claimed length');
    for (const x of seg.slice(a3 + 1)) assert.equal(loader.load(x), undefined);
    assert.equal(loader.expecting, 'profileElements');
  });

  it('a BF36 length that disagrees with the segments is a structure error', () => {
    assert.equal(s[0][2], 0x82);
    const withLength = (delta: number) => {
      const h = Buffer.from(s[0]);
      h.writeUInt16BE(h.readUInt16BE(3) + delta, 3);
      return h;
    };
    const longer = withLength(1);
    assert.throws(() => load([longer, ...s.slice(1)], loaderOptions(f)), isBppError('loadProfileElements', 'scp03tStructureError', s.length - 1));
    const shorter = withLength(-1);
    assert.throws(() => load([shorter, ...s.slice(1)], loaderOptions(f)), (e) => e instanceof BppError && e.reason === 'scp03tStructureError');
  });

  it('input problems on the SM-DP+ side are BppInputErrors naming the field', () => {
    const base = { ...bindingInput(f), storeMetadata: METADATA, upp: Buffer.alloc(1) };
    assert.throws(() => buildBoundProfilePackage({ ...base, smdpOtk: generateOneTimeKey('brp') }), (e) => e instanceof BppInputError && e.field === 'smdpOtk');
    assert.throws(() => buildBoundProfilePackage({ ...base, eid: Buffer.alloc(10) }), (e) => e instanceof BppInputError && e.field === 'eid');
    assert.throws(() => buildBoundProfilePackage({ ...base, ppk: { initialMcv: Buffer.alloc(16), sEnc: Buffer.alloc(8), sMac: Buffer.alloc(16) } }), (e) => e instanceof BppInputError && e.field === 'ppk.sEnc');
  });
});

describe('ProfileInstallationResult fields', () => {
  it('BppCommandId and ErrorReason numbers are those of RSPDefinitions', () => {
    const named = (t: string) => (RSPDefinitions.types[t] as { named?: Record<string, number> }).named;
    assert.deepEqual(BPP_COMMAND_ID, named('BppCommandId'));
    assert.deepEqual(BPP_ERROR_REASON, named('ErrorReason'));
  });
  it('toErrorResult encodes as ErrorResult', () => {
    const e = new BppError('loadProfileElements', 'scp03tSecurityError', 9, 'C-MAC does not match');
    assert.equal(Buffer.from(codec('RSPDefinitions').encode('ErrorResult', e.toErrorResult())).toString('hex'), '3006800105810108');
  });
});

describe('segmentBoundProfilePackage', () => {
  it("cuts pySim osmo-smdpp's BF36 (no A2) into header, A0+87, A1, 88, A3 and 13 × 86", () => {
    const der = Buffer.from(OSMO_SMDPP_BPP.bppBase64, 'base64');
    const s = segmentBoundProfilePackage(der);
    assert.deepEqual(s.map((x) => x[0].toString(16)), ['bf', 'a0', 'a1', '88', 'a3', ...Array(13).fill('86')]);
    assert.deepEqual(Buffer.concat(s), der);
  });
  it('bytes after BF36, or a list that runs past it, are named with the command and offset', () => {
    const f = fixture('nist');
    const { der } = buildBoundProfilePackage({ ...bindingInput(f), storeMetadata: METADATA, upp: randomBytes(100) });
    assert.throws(() => segmentBoundProfilePackage(Buffer.concat([der, Buffer.of(0)])), isBppError('initialiseSecureChannel', 'scp03tStructureError', 0));
    const segs = segmentBoundProfilePackage(der);
    const a3 = segs.slice(0, segs.findIndex((x) => x[0] === 0xa3)).reduce((n, x) => n + x.length, 0);
    assert.equal(der[a3], 0xa3);
    const broken = Buffer.from(der);
    broken[a3 + 1] += 1;
    assert.throws(() => segmentBoundProfilePackage(broken), isBppError('loadProfileElements', 'scp03tStructureError'));
  });
});
