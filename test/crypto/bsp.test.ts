/**
 * BSP segments: the protected 87/88/86 TLVs of a third-party SM-DP+ trace (pySim mode51) are
 * reproduced byte for byte and read back; pySim's osmo-smdpp BPP is read with its published keys;
 * a run of parts equals the TLVs written out step by step; every kind of damage is a BspError that
 * says what and where.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { codec } from '../../src/asn1';
import { AesCmac } from '../../src/crypto/cmac';
import { BspError, BspErrorReason, BspInputError, BspKeys, BspPart, BspSession, MAX_ENCRYPTED_CHUNK, MAX_MAC_ONLY_CHUNK, MAX_SEGMENT_BYTES, wrappedLength } from '../../src/crypto/bsp';
import { MODE51_KDF, MODE51_SEGMENTS as S, OSMO_SMDPP_BPP } from './vectors/pysim-bsp';

const hex = (h: string) => Buffer.from(h, 'hex');
const keys = (k: { sEnc: string; sMac: string; initialMcv: string }): BspKeys => ({ sEnc: hex(k.sEnc), sMac: hex(k.sMac), initialMcv: hex(k.initialMcv) });

function isBspError(reason: BspErrorReason, segment: number, offset?: number) {
  return (e: unknown) => e instanceof BspError && e.reason === reason && e.segment === segment && (offset === undefined || e.offset === offset);
}

describe('BSP wrap: pySim mode51, a third-party SM-DP+ trace', () => {
  it('87 ConfigureISDP (counter 1), 88 StoreMetadata (counter 2), 87 ReplaceSessionKeys (counter 3)', () => {
    const bsp = new BspSession(keys(MODE51_KDF));
    assert.equal(bsp.wrapOne(0x87, hex(S.configureIsdp.plain), true).toString('hex'), S.configureIsdp.wrapped);
    assert.equal(bsp.wrapOne(0x88, hex(S.storeMetadata.plain), false).toString('hex'), S.storeMetadata.wrapped);
    assert.equal(bsp.blockCounter, 3);
    assert.equal(bsp.wrapOne(0x87, hex(S.replaceSessionKeys.plain), true).toString('hex'), S.replaceSessionKeys.wrapped);
  });

  it('ReplaceSessionKeys: after the switch the 86 segments are under the PPKs from counter 1, each exactly 1020 bytes', () => {
    const bsp = new BspSession(keys(MODE51_KDF));
    for (const s of [S.configureIsdp, S.storeMetadata, S.replaceSessionKeys]) bsp.wrap(s === S.storeMetadata ? 0x88 : 0x87, hex(s.plain), s !== S.storeMetadata);
    const rsk = codec('RSPDefinitions').decode('ReplaceSessionKeysRequest', hex(S.replaceSessionKeys.plain));
    assert.deepEqual([rsk.initialMacChainingValue, rsk.ppkEnc, rsk.ppkCmac].map((b: Uint8Array) => Buffer.from(b).toString('hex')), [S.ppk.initialMcv, S.ppk.sEnc, S.ppk.sMac]);
    bsp.replaceKeys(keys(S.ppk));
    assert.equal(bsp.blockCounter, 1);
    const upp = Buffer.concat(S.profileElements.map((p) => hex(p.plain)));
    const segs = bsp.wrap(0x86, upp, true);
    assert.deepEqual(segs.map((s) => s.toString('hex')), S.profileElements.map((p) => p.wrapped));
    assert.deepEqual(segs.map((s) => s.length), [MAX_SEGMENT_BYTES, MAX_SEGMENT_BYTES]);
  });
});

describe('BSP unwrap', () => {
  it('reads the mode51 TLVs back, across the key switch', () => {
    const bsp = new BspSession(keys(MODE51_KDF));
    assert.equal(bsp.unwrap(hex(S.configureIsdp.wrapped), 0x87, true, 0).toString('hex'), S.configureIsdp.plain);
    assert.equal(bsp.unwrap(hex(S.storeMetadata.wrapped), 0x88, false, 1).toString('hex'), S.storeMetadata.plain);
    assert.equal(bsp.unwrap(hex(S.replaceSessionKeys.wrapped), 0x87, true, 2).toString('hex'), S.replaceSessionKeys.plain);
    bsp.replaceKeys(keys(S.ppk));
    for (const [i, p] of S.profileElements.entries()) assert.equal(bsp.unwrap(hex(p.wrapped), 0x86, true, 3 + i).toString('hex'), p.plain);
  });

  it("reads pySim osmo-smdpp's BPP with its published keys (its 1036-byte 86 TLVs need a raised limit)", () => {
    // In this BPP each 86/87/88 element holds the protected TLV again as its value (see the vector's note).
    const bpp = codec('RSPDefinitions').decode('BoundProfilePackage', Buffer.from(OSMO_SMDPP_BPP.bppBase64, 'base64'));
    const session = new BspSession(keys(OSMO_SMDPP_BPP.sessionKeys));
    assert.equal(Buffer.concat(bpp.firstSequenceOf87.map((v: Uint8Array, i: number) => session.unwrap(v, 0x87, true, i))).toString('hex'), OSMO_SMDPP_BPP.configureIsdp);
    assert.equal(Buffer.concat(bpp.sequenceOf88.map((v: Uint8Array, i: number) => session.unwrap(v, 0x88, false, i))).toString('hex'), OSMO_SMDPP_BPP.storeMetadata);
    const ppk = new BspSession(keys(OSMO_SMDPP_BPP.ppk), { maxSegmentBytes: 1036 });
    const upp = Buffer.concat(bpp.sequenceOf86.map((v: Uint8Array, i: number) => ppk.unwrap(v, 0x86, true, i)));
    assert.deepEqual(upp, Buffer.from(OSMO_SMDPP_BPP.uppBase64, 'base64'));
    const strict = new BspSession(keys(OSMO_SMDPP_BPP.ppk));
    assert.throws(() => strict.unwrap(bpp.sequenceOf86[0], 0x86, true, 7), isBspError('structure', 7, 0));
  });

  const fresh = () => new BspSession(keys(MODE51_KDF));
  const cfg = hex(S.configureIsdp.wrapped);
  it('a wrong tag, a length that disagrees with the segment, or too little data is a structure error', () => {
    assert.throws(() => fresh().unwrap(cfg, 0x86, true, 4), isBspError('structure', 4, 0));
    assert.throws(() => fresh().unwrap(cfg.subarray(0, cfg.length - 1), 0x87, true, 4), isBspError('structure', 4, 1));
    assert.throws(() => fresh().unwrap(Buffer.concat([cfg, Buffer.of(0)]), 0x87, true, 4), isBspError('structure', 4, 1));
    assert.throws(() => fresh().unwrap(hex('8705000000000000'), 0x87, true, 4), isBspError('structure', 4));
    assert.throws(() => fresh().unwrap(hex('8710' + '00'.repeat(16)), 0x87, true, 4), isBspError('structure', 4, 2));
    assert.throws(() => fresh().unwrap(hex('87'), 0x87, true, 4), isBspError('structure', 4, 0));
    // A non-minimal length is read as BER; the C-MAC covers the length bytes as sent.
    assert.throws(() => fresh().unwrap(hex('87810400000000'), 0x87, true, 4), isBspError('structure', 4, 3));
  });
  it('a changed ciphertext or MAC byte is a mac error at the MAC; the session does not move on', () => {
    for (const at of [2, 10, cfg.length - 1]) {
      const bad = Buffer.from(cfg);
      bad[at] ^= 0x01;
      const bsp = fresh();
      assert.throws(() => bsp.unwrap(bad, 0x87, true, 2), isBspError('mac', 2, cfg.length - 8));
      assert.equal(bsp.blockCounter, 1);
      assert.equal(bsp.unwrap(cfg, 0x87, true, 2).toString('hex'), S.configureIsdp.plain);
    }
  });
  it('segments out of order fail the MAC (the chaining value differs)', () => {
    assert.throws(() => fresh().unwrap(hex(S.storeMetadata.wrapped), 0x88, false, 1), isBspError('mac', 1));
  });
  it('authentic data without 80 00… padding is a padding error', () => {
    assert.throws(() => fresh().unwrap(forgeUnpadded(keys(MODE51_KDF)), 0x87, true, 3), isBspError('padding', 3, 2));
  });
  it('sending-side misuse is a BspInputError naming the field', () => {
    const named = (field: string) => (e: unknown) => e instanceof BspInputError && e.field === field;
    assert.throws(() => fresh().wrapOne(0x87, Buffer.alloc(MAX_ENCRYPTED_CHUNK + 1), true), named('data'));
    assert.throws(() => fresh().wrapOne(0xbf, Buffer.alloc(1), true), named('tag'));
    assert.throws(() => new BspSession({ ...keys(MODE51_KDF), initialMcv: Buffer.alloc(8) }), named('initialMcv'));
  });
  it('wrap cuts at 1007 bytes (encrypted) and 1008 (MAC only), so no TLV exceeds 1020 bytes', () => {
    for (const [encrypt, chunk] of [[true, MAX_ENCRYPTED_CHUNK], [false, MAX_MAC_ONLY_CHUNK]] as const) {
      for (const n of [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 5]) {
        const segs = fresh().wrap(encrypt ? 0x86 : 0x88, Buffer.alloc(n, 7), encrypt);
        assert.equal(segs.length, Math.ceil(n / chunk));
        assert.ok(segs.every((s) => s.length <= MAX_SEGMENT_BYTES));
        if (n >= chunk) assert.equal(segs[0].length, MAX_SEGMENT_BYTES);
        const rx = fresh();
        assert.deepEqual(Buffer.concat(segs.map((s, i) => rx.unwrap(s, encrypt ? 0x86 : 0x88, encrypt, i))), Buffer.alloc(n, 7));
      }
    }
  });
});

describe('BSP wrapAll: all C-MACs of a run in one cipher call', () => {
  it('equals TLV-by-TLV protection written out with plain node:crypto, for any mix of 86/87/88 and lengths', () => {
    const part = fc.record({ kind: fc.constantFrom(0x86, 0x87, 0x88), length: fc.integer({ min: 0, max: 2100 }), seed: fc.integer({ min: 0, max: 255 }) });
    const key = fc.uint8Array({ minLength: 16, maxLength: 16 });
    fc.assert(fc.property(key, key, key, fc.array(part, { minLength: 1, maxLength: 5 }), fc.nat(5), (sEnc, sMac, initialMcv, spec, cut) => {
      const k = { sEnc, sMac, initialMcv };
      const parts: BspPart[] = spec.map((p) => ({ tag: p.kind, encrypt: p.kind !== 0x88, data: Buffer.from(Array.from({ length: p.length }, (_, i) => (p.seed + 13 * i) & 0xff)) }));
      const bsp = new BspSession(k);
      // Two runs on one session: the second continues the first's counter and MAC chaining value.
      const got = [...bsp.wrapAll(parts.slice(0, cut)), ...bsp.wrapAll(parts.slice(cut))];
      assert.deepEqual(got.map((l) => l.map((t) => t.toString('hex'))), protectByHand(k, parts).map((l) => l.map((t) => t.toString('hex'))));
      const rx = new BspSession(k);
      got.forEach((l, i) => assert.deepEqual(Buffer.concat(l.map((t, j) => rx.unwrap(t, parts[i].tag, parts[i].encrypt, j))), parts[i].data));
    }), { numRuns: Number(process.env.SGP32_PROPERTY_RUNS ?? 30) });
  });
});

describe('BSP wrapInto / unwrapInto: TLVs and data written in place', () => {
  const part = fc.record({ kind: fc.constantFrom(0x86, 0x87, 0x88), length: fc.integer({ min: 0, max: 2500 }), seed: fc.integer({ min: 0, max: 255 }), gap: fc.nat(40) });
  const key = fc.uint8Array({ minLength: 16, maxLength: 16 });

  it('each part takes wrappedLength bytes at its offset, equal to wrapAll, and no byte outside them changes', () => {
    fc.assert(fc.property(key, key, key, fc.array(part, { minLength: 1, maxLength: 4 }), (sEnc, sMac, initialMcv, spec) => {
      const k = { sEnc, sMac, initialMcv };
      const parts: BspPart[] = spec.map((p) => ({ tag: p.kind, encrypt: p.kind !== 0x88, data: Buffer.from(Array.from({ length: p.length }, (_, i) => (p.seed + 11 * i) & 0xff)) }));
      const at: number[] = [];
      let size = 0;
      spec.forEach((p, i) => {
        at.push((size += p.gap));
        size += wrappedLength(parts[i].data.length, parts[i].encrypt);
      });
      const out = Buffer.alloc(size + 7, 0xee);
      const ends = new BspSession(k, { role: 'wrap' }).wrapInto(parts, out, at);
      const expected = new BspSession(k).wrapAll(parts);
      let covered = 0;
      parts.forEach((p, i) => {
        assert.equal(Buffer.concat(expected[i]).length, wrappedLength(p.data.length, p.encrypt));
        let start = at[i];
        assert.deepEqual(ends[i].map((end) => out.subarray(start, (start = end)).toString('hex')), expected[i].map((t) => t.toString('hex')));
        assert.ok(out.subarray(covered, at[i]).every((b) => b === 0xee), `gap before part ${i}`);
        covered = start;
      });
      assert.ok(out.subarray(covered).every((b) => b === 0xee), 'bytes after the last part');
    }), { numRuns: Number(process.env.SGP32_PROPERTY_RUNS ?? 30) });
  });

  it('unwrapInto gives what unwrap gives, at the offset asked for', () => {
    const k = keys(MODE51_KDF);
    const tlvs = new BspSession(k).wrap(0x86, Buffer.from(Array.from({ length: 2500 }, (_, i) => i & 0xff)), true);
    const rx = new BspSession(k), rxInto = new BspSession(k, { role: 'unwrap' });
    const out = Buffer.alloc(4000, 0xee);
    let at = 5;
    tlvs.forEach((t, i) => {
      const data = rx.unwrap(t, 0x86, true, i);
      assert.equal(rxInto.unwrapInto(t, 0x86, true, i, out, at), data.length);
      assert.deepEqual(out.subarray(at, at + data.length), data);
      at += data.length;
    });
    assert.ok(out.subarray(0, 5).every((b) => b === 0xee));
  });

  it('unwrapInto without room for the whole segment is a BspInputError, and the session does not move on', () => {
    const cfg = hex(S.configureIsdp.wrapped);
    const bsp = new BspSession(keys(MODE51_KDF));
    assert.throws(() => bsp.unwrapInto(cfg, 0x87, true, 0, Buffer.alloc(cfg.length + 2), 3), (e: unknown) => e instanceof BspInputError && e.field === 'out');
    assert.equal(bsp.blockCounter, 1);
    const out = Buffer.alloc(cfg.length);
    assert.equal(out.subarray(0, bsp.unwrapInto(cfg, 0x87, true, 0, out, 0)).toString('hex'), S.configureIsdp.plain);
  });

  it('wrapInto into a buffer too small for a part is a BspInputError, and the session does not move on', () => {
    const bsp = new BspSession(keys(MODE51_KDF));
    const parts = [{ tag: 0x87, data: hex(S.configureIsdp.plain), encrypt: true }];
    assert.throws(() => bsp.wrapInto(parts, Buffer.alloc(wrappedLength(parts[0].data.length, true) - 1), [0]), (e: unknown) => e instanceof BspInputError && e.field === 'out');
    assert.equal(bsp.blockCounter, 1);
    assert.equal(bsp.wrapOne(0x87, parts[0].data, true).toString('hex'), S.configureIsdp.wrapped);
  });
});

/**
 * BSP protection as SGP.22 §2.6.4.4 words it, one TLV at a time with fresh node:crypto ciphers:
 * ICV = ECB(counter), CBC under it over data ‖ 80 00…, C-MAC = CMAC(MCV ‖ tag ‖ length ‖ data).
 */
function protectByHand(k: BspKeys, parts: BspPart[]): Buffer[][] {
  let mcv: Buffer = Buffer.from(k.initialMcv), counter = 1;
  return parts.map((p) => {
    const tlvs: Buffer[] = [];
    const size = p.encrypt ? MAX_ENCRYPTED_CHUNK : MAX_MAC_ONLY_CHUNK;
    for (let at = 0; at < p.data.length; at += size, counter++) {
      const chunk = Buffer.from(p.data.subarray(at, at + size));
      let body: Buffer = chunk;
      if (p.encrypt) {
        const block = Buffer.alloc(16);
        block.writeUInt32BE(counter, 12);
        const icv = createCipheriv('aes-128-ecb', k.sEnc, null).setAutoPadding(false).update(block);
        const padded = Buffer.concat([chunk, Buffer.of(0x80), Buffer.alloc(15 - (chunk.length % 16))]);
        body = createCipheriv('aes-128-cbc', k.sEnc, icv).setAutoPadding(false).update(padded);
      }
      const n = body.length + 8;
      const head = Buffer.from([p.tag, ...(n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff])]);
      mcv = new AesCmac(k.sMac).mac(mcv, head, body);
      tlvs.push(Buffer.concat([head, body, mcv.subarray(0, 8)]));
    }
    return tlvs;
  });
}

/**
 * The first 87 TLV of a session, built by hand with plain node:crypto ciphers (ICV = ECB of the
 * counter block 00…01): one zero block, i.e. no 80 pad byte, with a valid C-MAC.
 */
function forgeUnpadded(k: BspKeys): Buffer {
  const icv = createCipheriv('aes-128-ecb', k.sEnc, null).setAutoPadding(false).update(Buffer.concat([Buffer.alloc(15), Buffer.of(1)]));
  const ct = createCipheriv('aes-128-cbc', k.sEnc, icv).setAutoPadding(false).update(Buffer.alloc(16));
  const head = Buffer.concat([Buffer.of(0x87, 16 + 8), ct]);
  const mac = new AesCmac(k.sMac).mac(k.initialMcv, head);
  return Buffer.concat([head, mac.subarray(0, 8)]);
}
