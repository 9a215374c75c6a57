/**
 * Codec throughput on the mixed SGP.32 corpus, against asn1js (generic BER parse and re-encode,
 * no schema mapping) measured in the same run on the same bytes. Prints a table and JSON.
 * Usage: node dist/bench/asn1.bench.js [--seconds S] [--jsonl FILE]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { arg } from './arg';
import { measure, codecThroughput, Throughput } from '../src/asn1/throughput';
import { parseVectors } from '../src/asn1/vectors';

const file = arg('--jsonl', join(__dirname, '..', '..', 'bench', 'corpus', 'sgp32-mixed.jsonl'));
const seconds = Number(arg('--seconds', '3'));
const { vectors, problems } = parseVectors(readFileSync(file, 'utf8'));
if (problems.length) throw new Error(`corpus has ${problems.length} bad lines, first: ${JSON.stringify(problems[0])}`);
const bytes = vectors.reduce((n, v) => n + v.bytes.length, 0);

const ours = codecThroughput(vectors, seconds);
const parsed = vectors.map((v) => asn1js.fromBER(v.bytes).result);
const base = {
  decode: measure(() => {
    let n = 0;
    for (const v of vectors) if (asn1js.fromBER(v.bytes).offset !== -1) n += v.bytes.length;
    return n;
  }, vectors.length, seconds),
  encode: measure(() => {
    let n = 0;
    for (const p of parsed) n += p.toBER(false).byteLength;
    return n;
  }, vectors.length, seconds),
};

const row = (name: string, t: Throughput) =>
  `${name.padEnd(24)} ${t.messagesPerSecond.toFixed(0).padStart(10)} msg/s ${t.mbPerSecond.toFixed(1).padStart(8)} MB/s`;
console.log(`corpus: ${file}\n${vectors.length} messages, ${bytes} bytes (mean ${(bytes / vectors.length).toFixed(0)} B), ${seconds}s per measurement, single thread, node ${process.version}`);
console.log(row('sgp32 decode', ours.decode));
console.log(row('sgp32 encode', ours.encode));
console.log(row('asn1js fromBER', base.decode));
console.log(row('asn1js toBER', base.encode));
console.log(`ratio decode ${(ours.decode.mbPerSecond / base.decode.mbPerSecond).toFixed(1)}x asn1js, encode ${(ours.encode.mbPerSecond / base.encode.mbPerSecond).toFixed(1)}x asn1js`);
console.log(JSON.stringify({ messages: vectors.length, bytes, decode: ours.decode.mbPerSecond, encode: ours.encode.mbPerSecond, asn1jsDecode: base.decode.mbPerSecond, asn1jsEncode: base.encode.mbPerSecond }));
