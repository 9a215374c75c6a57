/**
 * Single-threaded codec throughput over a set of vectors: each direction runs whole passes over
 * the set until the time budget is spent, so every message weighs the same as in the corpus.
 */
import type { Vector } from './vectors';

export interface Throughput { messages: number; bytes: number; seconds: number; messagesPerSecond: number; mbPerSecond: number }

/** Runs `pass` (which handles `count` messages and returns their byte total) for `seconds`. */
export function measure(pass: () => number, count: number, seconds: number): Throughput {
  for (let i = 0; i < 3; i++) pass(); // warm-up: let the JIT settle
  let messages = 0, bytes = 0, elapsed = 0n;
  const start = process.hrtime.bigint(), budget = BigInt(Math.round(seconds * 1e9));
  while (elapsed < budget) {
    bytes += pass();
    messages += count;
    elapsed = process.hrtime.bigint() - start;
  }
  const s = Number(elapsed) / 1e9;
  return { messages, bytes, seconds: s, messagesPerSecond: messages / s, mbPerSecond: bytes / s / 1e6 };
}

export function codecThroughput(vectors: readonly Vector[], seconds: number): { decode: Throughput; encode: Throughput } {
  const values = vectors.map((v) => v.codec.decode(v.type, v.bytes));
  const decode = measure(() => {
    let n = 0;
    for (const v of vectors) if (v.codec.decode(v.type, v.bytes) !== undefined) n += v.bytes.length;
    return n;
  }, vectors.length, seconds);
  const encode = measure(() => {
    let n = 0;
    for (let i = 0; i < vectors.length; i++) n += vectors[i].codec.encode(vectors[i].type, values[i]).length;
    return n;
  }, vectors.length, seconds);
  return { decode, encode };
}
