/**
 * BPP throughput on one thread: SM-DP+ build (BSP protection + BF36 encoding + ES10b segmentation)
 * and eUICC load (segment checks, C-MAC, decryption, reassembly) of a ~20 kB and a ~100 kB UPP, in
 * MB of UPP per second. Each is set against node:crypto doing the same AES work in the same run:
 *  - "streaming": reused cipher objects, one update per AES-CBC encryption or decryption and per
 *    CMAC (as CBC-MAC over the same padded bytes), nothing else: the raw primitives, used as well as
 *    node:crypto allows, and the baseline of the 80% target. On the SM-DP+ side its two ciphers are
 *    keyed for each BPP (with the E(0) block of the CMAC subkeys), as a build must key S-ENC and
 *    S-MAC; on the eUICC side they stay keyed, as the loader keys its own in the header segment;
 *  - "chained" (build only): "streaming" with all C-MACs of the BPP in a single CBC-MAC call, which
 *    the chaining allows (each input starts with the C-MAC before it) and BspSession.wrapInto does:
 *    the AES floor of a build, below which only the AES work itself would be left;
 *  - "fresh": a new cipher object per operation (ICV, encryption, CMAC), the plain way to write it.
 * The build jobs of one UPP size run in alternating turns, and so do the load jobs, so a slow spell
 * of a shared machine falls on each alike. Each turn starts with an untimed lead-in of the same job
 * and the order rotates from turn to turn: garbage one job leaves (a fresh baseline's hundreds of
 * cipher objects, a loader's key objects) is collected before the next job's clock runs, instead
 * of always being charged to whichever job comes next.
 * The one-off public-key part (ECKA, KDF and the smdpSign signature on the SM-DP+ side; signature
 * check, ECKA, KDF and keying the AES ciphers on the eUICC side) is left out of the MB/s and
 * reported per operation.
 * Usage: node dist/bench/bpp.bench.js [--seconds S]
 */
import { createCipheriv, createDecipheriv, createPublicKey, randomBytes } from 'node:crypto';
import { arg } from './arg';
import { measure, Throughput } from '../src/asn1/throughput';
import { readTlvHeader } from '../src/crypto/ber-tlv';
import { assembleBoundProfilePackage, bindSession, BppContent, SessionBindingInput } from '../src/crypto/bpp';
import { BppLoader, BppLoaderOptions } from '../src/crypto/bpp-loader';
import { Curve, CURVE_INFO } from '../src/crypto/curves';
import { generateOneTimeKey, keyFromScalar } from '../src/crypto/ecka';

const seconds = Number(arg('--seconds', '2'));
const SIZES = [20_000, 100_000];

function setup(curve: Curve) {
  // Not generateKeyPairSync: on Node 20 asymmetricKeyDetails of such a key can deadlock under GC.
  const privateKey = keyFromScalar(curve, generateOneTimeKey(curve).privateKey);
  const dpPb = { privateKey, publicKey: createPublicKey(privateKey) };
  const euiccOtk = generateOneTimeKey(curve);
  const eid = randomBytes(16), transactionId = randomBytes(16);
  const input: SessionBindingInput = { curve, transactionId, dpPb: dpPb.privateKey, euiccOtpk: euiccOtk.publicKey, eid, hostId: Buffer.from('bench') };
  const loader: BppLoaderOptions = { dpPb: dpPb.publicKey, euiccOtk, eid, transactionId };
  return { input, loader };
}

/** A measured job: one pass returns the nanoseconds that count. */
type Pass = () => bigint;

const timed = (f: () => unknown): Pass => () => {
  const t0 = process.hrtime.bigint();
  f();
  return process.hrtime.bigint() - t0;
};

const TURNS = 10;

/**
 * Runs every job for `budget` seconds of counted time in all, in TURNS turns each, the jobs taking
 * turns in a rotating order, each turn after an untimed lead-in of a quarter turn; returns per job
 * the passes run and the nanoseconds they counted.
 */
function interleave<K extends string>(jobs: Record<K, Pass>, budget: number): Record<K, { passes: number; ns: number }> {
  const names = Object.keys(jobs) as K[];
  const out = {} as Record<K, { passes: number; ns: number }>;
  for (const k of names) {
    for (let i = 0; i < 3; i++) jobs[k](); // warm-up: let the JIT settle
    out[k] = { passes: 0, ns: 0 };
  }
  const turn = BigInt(Math.round((budget / TURNS) * 1e9));
  for (let t = 0; t < TURNS; t++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(t + j) % names.length];
      const lead = process.hrtime.bigint();
      while (process.hrtime.bigint() - lead < turn / 4n) jobs[k]();
      const start = process.hrtime.bigint();
      let ns = 0n, passes = 0;
      do {
        ns += jobs[k]();
        passes++;
      } while (process.hrtime.bigint() - start < turn);
      out[k].passes += passes;
      out[k].ns += Number(ns);
    }
  }
  return out;
}

/** Loads the BPP; counts the segments after the header, and keeps the header segment's time apart. */
function loadPass(segments: Buffer[], opts: BppLoaderOptions, header: { ns: bigint; passes: number }): Pass {
  return () => {
    const l = new BppLoader(opts);
    const t0 = process.hrtime.bigint();
    l.load(segments[0]);
    const t1 = process.hrtime.bigint();
    for (let i = 1; i < segments.length; i++) l.load(segments[i]);
    header.ns += t1 - t0;
    header.passes++;
    return process.hrtime.bigint() - t1;
  };
}

/** The AES work in a BPP: for each protected 87/88/86, its encrypted bytes (0 for 88) and its C-MAC input length. */
function aesWork(segments: Buffer[]): { encrypted: number; macInput: number }[] {
  const out: { encrypted: number; macInput: number }[] = [];
  for (const s of segments.slice(1)) {
    let at = 0;
    const h = readTlvHeader(s, 0);
    if (h.tag >= 0xa0 && h.tag <= 0xa3) at = h.headerLength;
    if (at === s.length) continue;
    const e = readTlvHeader(s, at);
    const total = e.headerLength + e.length;
    out.push({ encrypted: s[at] === 0x88 ? 0 : e.length - 8, macInput: 16 + total - 8 });
  }
  return out;
}

const pad = (n: number) => Math.max(1, Math.ceil(n / 16)) * 16;
const ZERO_BLOCK = Buffer.alloc(16);

function baselines(work: { encrypted: number; macInput: number }[]): Record<'streamingBuild' | 'chainedBuild' | 'freshBuild' | 'streamingLoad' | 'freshLoad', Pass> {
  const key = randomBytes(16), iv = Buffer.alloc(16);
  const bufs = work.map((w) => ({ enc: randomBytes(16 + w.encrypted), body: randomBytes(w.encrypted), mac: randomBytes(pad(w.macInput)), w }));
  const icvs = randomBytes(16 * work.length);
  const macChain = Buffer.concat(bufs.map((b) => b.mac));
  const mac = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  const dec = createDecipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  const ecb = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  const fresh = (mode: string, ivv: Buffer | null, data: Buffer, decrypt = false) => {
    const c = (decrypt ? createDecipheriv : createCipheriv)(mode, key, ivv).setAutoPadding(false);
    c.update(data);
    c.final();
  };
  return {
    // SM-DP+: the ICV is the first block of each segment's CBC run (as in BspSession.wrapInto).
    streamingBuild: timed(() => {
      const enc = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
      const cmac = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
      cmac.update(ZERO_BLOCK);
      for (const b of bufs) {
        if (b.w.encrypted) enc.update(b.enc);
        cmac.update(b.mac);
      }
    }),
    chainedBuild: timed(() => {
      const enc = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
      const cmac = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
      cmac.update(ZERO_BLOCK);
      for (const b of bufs) if (b.w.encrypted) enc.update(b.enc);
      cmac.update(macChain);
    }),
    freshBuild: timed(() => {
      for (const b of bufs) {
        if (b.w.encrypted) {
          fresh('aes-128-ecb', null, b.enc.subarray(0, 16));
          fresh('aes-128-cbc', iv, b.body);
        }
        fresh('aes-128-cbc', iv, b.mac);
      }
    }),
    // eUICC: CBC-MAC, then decryption; all ICVs of the BPP in one ECB call.
    streamingLoad: timed(() => {
      ecb.update(icvs);
      for (const b of bufs) {
        mac.update(b.mac);
        if (b.w.encrypted) dec.update(b.body);
      }
    }),
    freshLoad: timed(() => {
      for (const b of bufs) {
        fresh('aes-128-cbc', iv, b.mac);
        if (b.w.encrypted) {
          fresh('aes-128-ecb', null, b.enc.subarray(0, 16));
          fresh('aes-128-cbc', iv, b.body, true);
        }
      }
    }),
  };
}

const row = (name: string, mb: number, extra = '') => `${name.padEnd(44)} ${mb.toFixed(1).padStart(8)} MB/s${extra}`;
const results: Record<string, unknown> = { node: process.version, seconds };
console.log(`BPP build/load, ${seconds}s per measurement in ${TURNS} rotating turns, single thread, node ${process.version}; MB = 10^6 bytes of UPP`);

const nist = setup('nist');
for (const size of SIZES) {
  const content: BppContent = { storeMetadata: { iccid: randomBytes(10), serviceProviderName: 'bench', profileName: 'bench' }, upp: randomBytes(size) };
  const binding = bindSession(nist.input);
  const built = assembleBoundProfilePackage(binding, content);
  const header = { ns: 0n, passes: 0 };
  const base = baselines(aesWork(built.segments));
  const runs = {
    ...interleave({ build: timed(() => assembleBoundProfilePackage(binding, content)), streamingBuild: base.streamingBuild, chainedBuild: base.chainedBuild, freshBuild: base.freshBuild }, seconds),
    ...interleave({ load: loadPass(built.segments, nist.loader, header), streamingLoad: base.streamingLoad, freshLoad: base.freshLoad }, seconds),
  };
  const mb = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, (v.passes * size) / (v.ns / 1e9) / 1e6])) as Record<keyof typeof runs, number>;
  const r = (a: number, b: number) => ` ${(a / b).toFixed(2).padStart(5)}x`;
  console.log(`\nUPP ${size} bytes → BF36 ${built.der.length} bytes, ${built.segments.length} ES10b segments`);
  console.log(row('build (BSP + BF36 DER + segments)', mb.build, '   vs streaming / fresh node:crypto:' + r(mb.build, mb.streamingBuild) + r(mb.build, mb.freshBuild) + ', vs chained:' + r(mb.build, mb.chainedBuild)));
  console.log(row('load, segments after the header', mb.load, '   vs streaming / fresh node:crypto:' + r(mb.load, mb.streamingLoad) + r(mb.load, mb.freshLoad)));
  console.log(row('  node:crypto streaming, build AES work', mb.streamingBuild));
  console.log(row('  node:crypto chained C-MACs, build AES work', mb.chainedBuild));
  console.log(row('  node:crypto fresh ciphers, build AES work', mb.freshBuild));
  console.log(row('  node:crypto streaming, load AES work', mb.streamingLoad));
  console.log(row('  node:crypto fresh ciphers, load AES work', mb.freshLoad));
  results[`upp${size}`] = { ...mb, loadHeaderMs: Number(header.ns) / header.passes / 1e6 };
}

console.log('\none-off public-key part, per BPP');
for (const curve of ['nist', 'brp'] as const) {
  const s = curve === 'nist' ? nist : setup(curve);
  const bind = measure(() => (bindSession(s.input), 1), 1, seconds / 2);
  const built = assembleBoundProfilePackage(bindSession(s.input), { storeMetadata: { iccid: randomBytes(10), serviceProviderName: 'b', profileName: 'b' }, upp: Buffer.alloc(0) });
  const header = measure(() => (new BppLoader(s.loader).load(built.segments[0]), 1), 1, seconds / 2);
  const ms = (t: Throughput) => (1000 / t.messagesPerSecond).toFixed(3);
  console.log(`${CURVE_INFO[curve].label.padEnd(16)} SM-DP+ bindSession (ECKA + KDF + sign) ${ms(bind)} ms, eUICC header segment (verify + ECKA + KDF + AES keying) ${ms(header)} ms`);
  results[`oneOff_${curve}`] = { bindSessionMs: 1000 / bind.messagesPerSecond, headerSegmentMs: 1000 / header.messagesPerSecond };
}
console.log(JSON.stringify(results));
