/**
 * Properties of BPP build → eUICC load on both curves: any UPP of 0…20 kB, with or without
 * ReplaceSessionKeys, comes back unchanged; any single changed byte of any segment, or of the BF36
 * DER, is rejected with a BppError that names the right command and reason, never a wrong UPP and
 * never another exception.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { codec } from '../../src/asn1';
import { buildBoundProfilePackage, BuiltBpp } from '../../src/crypto/bpp';
import { BPP_ERROR_REASON, BppCommandName, BppError, BppErrorReasonName } from '../../src/crypto/bpp-errors';
import { BppLoader, BppLoaderOptions, openBoundProfilePackage } from '../../src/crypto/bpp-loader';
import { readTlvHeader } from '../../src/crypto/ber-tlv';
import { segmentBoundProfilePackage } from '../../src/crypto/bpp-segments';
import { CURVE_INFO } from '../../src/crypto/curves';
import { generateOneTimeKey, keyFromScalar } from '../../src/crypto/ecka';

const RUNS = Number(process.env.SGP32_PROPERTY_RUNS ?? 30);
const EID = Buffer.from('89049032123451234512345678901235', 'hex');

/** Reproducible filler bytes (xorshift32), so a failing case can be replayed from its seed. */
function bytes(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const LIST_COMMAND: Record<number, BppCommandName> = { 0xa0: 'configureISDP', 0xa1: 'storeMetadata', 0xa2: 'replaceSessionKeys', 0xa3: 'loadProfileElements' };

/** What a byte of segment `k` is: which command owns it and which part of the framing it is. */
interface ByteRole { command: BppCommandName; part: 'bpp-length' | 'list-header' | 'isc' | 'element-header' | 'protected' }

function roles(segments: Buffer[]): ByteRole[][] {
  let command: BppCommandName = 'initialiseSecureChannel';
  return segments.map((s, k) => {
    const out: ByteRole[] = [];
    let at = 0;
    if (k === 0) {
      const h = readTlvHeader(s, 0);
      for (; at < h.headerLength; at++) out.push({ command, part: at < 2 ? 'isc' : 'bpp-length' });
      for (; at < s.length; at++) out.push({ command, part: 'isc' });
      return out;
    }
    if (LIST_COMMAND[s[0]]) {
      command = LIST_COMMAND[s[0]];
      const h = readTlvHeader(s, 0);
      for (; at < h.headerLength; at++) out.push({ command, part: 'list-header' });
    }
    if (at < s.length) {
      const e = readTlvHeader(s, at);
      const valueAt = at + e.headerLength;
      for (; at < valueAt; at++) out.push({ command, part: 'element-header' });
      for (; at < s.length; at++) out.push({ command, part: 'protected' });
    }
    return out;
  });
}

const ISC_REASONS: BppErrorReasonName[] = [
  'scp03tStructureError', 'incorrectInputValues', 'unsupportedRemoteOperationType', 'invalidTransactionId', 'unsupportedCrtValues', 'invalidSignature',
];

function loadAll(segments: Buffer[], opts: BppLoaderOptions) {
  const loader = new BppLoader(opts);
  let out;
  for (const s of segments) out = loader.load(s);
  return out;
}

for (const curve of ['nist', 'brp'] as const) {
  describe(`BPP properties on ${CURVE_INFO[curve].label}`, () => {
    // Not generateKeyPairSync: see ecKeyPair in bpp.test.ts (a Node 20 deadlock in asymmetricKeyDetails).
    const dpPbPrivate = keyFromScalar(curve, generateOneTimeKey(curve).privateKey);
    const dpPb = { privateKey: dpPbPrivate, publicKey: createPublicKey(dpPbPrivate) };
    const euiccOtk = generateOneTimeKey(curve);
    const transactionId = bytes(16, 7);
    const opts: BppLoaderOptions = { dpPb: dpPb.publicKey, euiccOtk, eid: EID, transactionId };

    const content = fc.record({
      size: fc.integer({ min: 0, max: 20_000 }),
      seed: fc.integer(),
      withPpk: fc.boolean(),
      icon: fc.option(fc.integer({ min: 0, max: 1024 }), { nil: undefined }),
      hostIdLength: fc.integer({ min: 1, max: 16 }),
    });
    const build = (c: { size: number; seed: number; withPpk: boolean; icon?: number; hostIdLength: number }): BuiltBpp & { upp: Buffer; metadata: Record<string, unknown> } => {
      const upp = bytes(c.size, c.seed);
      const metadata = {
        iccid: bytes(10, c.seed + 1), serviceProviderName: 'SP', profileName: `P${c.size}`,
        ...(c.icon !== undefined && { iconType: 0, icon: bytes(c.icon, c.seed + 2) }),
      };
      const ppk = c.withPpk ? { initialMcv: bytes(16, c.seed + 3), sEnc: bytes(16, c.seed + 4), sMac: bytes(16, c.seed + 5) } : undefined;
      const built = buildBoundProfilePackage({
        curve, transactionId, dpPb: dpPb.privateKey, euiccOtpk: euiccOtk.publicKey, eid: EID, hostId: bytes(c.hostIdLength, c.seed + 6),
        storeMetadata: metadata, upp, ppk,
      });
      return { ...built, upp, metadata };
    };

    it('build → load segment by segment (and from the DER) gives back the UPP, metadata and PPKs', () => {
      fc.assert(fc.property(content, (c) => {
        const b = build(c);
        const viaSegments = loadAll(b.segments, opts)!;
        assert.deepEqual(viaSegments.upp, b.upp);
        assert.deepEqual(viaSegments.storeMetadata.der, Buffer.from(codec('RSPDefinitions').encode('StoreMetadataRequest', b.metadata)));
        assert.equal(viaSegments.configureIsdp.der.toString('hex'), 'bf2400');
        assert.equal(viaSegments.replaceSessionKeys !== undefined, c.withPpk);
        assert.equal(viaSegments.segments, b.segments.length);
        assert.deepEqual(openBoundProfilePackage(b.der, opts).upp, b.upp);
        // The DER laid out in place is the codec's encoding, and the IPA's cut of it is the build's.
        const rsp = codec('RSPDefinitions');
        assert.deepEqual(Buffer.from(rsp.encode('BoundProfilePackage', rsp.decode('BoundProfilePackage', b.der))), b.der);
        assert.deepEqual(segmentBoundProfilePackage(b.der), b.segments);
        for (const s of b.segments.slice(1)) {
          const h = readTlvHeader(s, 0);
          const element = h.tag >= 0xa0 && h.tag <= 0xa3 ? s.subarray(h.headerLength) : s;
          assert.ok(element.length <= 1020, `a protected segment of ${element.length} bytes`);
        }
      }), { numRuns: RUNS });
    });

    it('any changed byte in any segment is a BppError with the command and reason of that byte', () => {
      const flip = fc.record({ segment: fc.nat(), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) });
      fc.assert(fc.property(content.map((c) => ({ ...c, size: c.size % 6000 })), fc.array(flip, { minLength: 1, maxLength: 6 }), (c, flips) => {
        const b = build(c);
        const map = roles(b.segments);
        for (const f of flips) {
          const k = f.segment % b.segments.length;
          const at = f.at % b.segments[k].length;
          const changed = b.segments.map((s) => s);
          changed[k] = Buffer.from(b.segments[k]);
          changed[k][at] ^= f.mask;
          const role = map[k][at];
          assert.throws(() => loadAll(changed, opts), (e: unknown) => {
            assert.ok(e instanceof BppError, `segment ${k} byte ${at}: expected a BppError, got ${String(e)}`);
            const where = `segment ${k} byte ${at} (${role.part} of ${role.command}): ${e.message}`;
            if (role.part === 'bpp-length' || role.part === 'list-header') {
              // A changed list length shows up where the lists no longer add up, maybe segments later.
              assert.equal(e.reason, 'scp03tStructureError', where);
              assert.ok(e.segment >= k, where);
              return true;
            }
            assert.equal(e.segment, k, where);
            assert.equal(e.command, role.command, where);
            if (role.part === 'isc') assert.ok(ISC_REASONS.includes(e.reason), where);
            if (role.part === 'element-header') assert.equal(e.reason, 'scp03tStructureError', where);
            if (role.part === 'protected') assert.equal(e.reason, 'scp03tSecurityError', where);
            return true;
          });
        }
      }), { numRuns: RUNS });
    });

    it('every byte of every segment of a small BPP with all four lists, changed three ways, is rejected as its role says', () => {
      const b = build({ size: 40, seed: 5, withPpk: true, icon: 3, hostIdLength: 8 });
      const map = roles(b.segments);
      for (const [k, seg] of b.segments.entries()) {
        for (let at = 0; at < seg.length; at++) {
          for (const mask of [0x01, 0x80, 0xff]) {
            const changed = [...b.segments];
            changed[k] = Buffer.from(seg);
            changed[k][at] ^= mask;
            const role = map[k][at];
            const where = `segment ${k} byte ${at} ^ ${mask} (${role.part} of ${role.command})`;
            let error: unknown;
            assert.throws(() => loadAll(changed, opts), (e) => (error = e) instanceof BppError, where);
            const e = error as BppError;
            if (role.part === 'bpp-length' || role.part === 'list-header') {
              assert.equal(e.reason, 'scp03tStructureError', `${where}: ${e.message}`);
              continue;
            }
            assert.deepEqual([e.segment, e.command], [k, role.command], `${where}: ${e.message}`);
            if (role.part === 'isc') assert.ok(ISC_REASONS.includes(e.reason), `${where}: ${e.message}`);
            else assert.equal(e.reason, role.part === 'protected' ? 'scp03tSecurityError' : 'scp03tStructureError', `${where}: ${e.message}`);
          }
        }
      }
    });

    it('any changed byte of the BF36 DER is a BppError (scp03tSecurityError inside a protected element)', () => {
      fc.assert(fc.property(content.map((c) => ({ ...c, size: c.size % 6000 })), fc.nat(), fc.integer({ min: 1, max: 255 }), (c, pos, mask) => {
        const b = build(c);
        const at = pos % b.der.length;
        const der = Buffer.from(b.der);
        der[at] ^= mask;
        let offset = 0, role: ByteRole | undefined;
        for (const [k, r] of roles(b.segments).entries()) {
          if (at < offset + b.segments[k].length) { role = r[at - offset]; break; }
          offset += b.segments[k].length;
        }
        assert.throws(() => openBoundProfilePackage(der, opts), (e: unknown) => {
          assert.ok(e instanceof BppError, `DER byte ${at}: expected a BppError, got ${String(e)}`);
          assert.ok(Object.values(BPP_ERROR_REASON).includes(e.errorReason as never));
          if (role?.part === 'protected') assert.equal(e.reason, 'scp03tSecurityError', `DER byte ${at}: ${e.message}`);
          return true;
        });
      }), { numRuns: RUNS });
    });
  });
}
