import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeFrame, FrameDecoder, FramingError } from '../../../src/transport/card/framing';
import { frame } from './fixture-card';

describe('vpcd framing', () => {
  it('prefixes the 2-byte big-endian length', () => {
    assert.deepEqual([...encodeFrame('t', Uint8Array.of(0x04))], [0x00, 0x01, 0x04]);
    assert.equal(encodeFrame('t', new Uint8Array(0x1234)).readUInt16BE(0), 0x1234);
  });

  it('refuses to frame an empty or oversized message', () => {
    assert.throws(() => encodeFrame('t', new Uint8Array(0)), FramingError);
    assert.throws(() => encodeFrame('t', new Uint8Array(0x10000)), /cannot frame a 65536-byte message/);
  });

  it('yields the same frames however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (payloads, cuts) => {
          const stream = Buffer.concat(payloads.map(frame));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const decoder = new FrameDecoder('t', 300);
          const got: string[] = [];
          let from = 0;
          for (const to of [...points, stream.length]) {
            for (const f of decoder.push(stream.subarray(from, to))) got.push(Buffer.from(f.payload).toString('hex'));
            from = to;
          }
          assert.deepEqual(got, payloads.map((p) => Buffer.from(p).toString('hex')));
          assert.equal(decoder.pending, 0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports each frame at the stream offset of its length prefix', () => {
    const decoder = new FrameDecoder('t', 10);
    assert.deepEqual(decoder.push(Buffer.concat([frame(Uint8Array.of(1)), frame(Uint8Array.of(2, 3))])).map((f) => f.offset), [0, 3]);
    assert.deepEqual(decoder.push(frame(Uint8Array.of(4))).map((f) => f.offset), [7]);
  });

  it('rejects a zero length and a length over the limit, naming the offset', () => {
    const zero = new FrameDecoder('peer', 261);
    zero.push(frame(Uint8Array.of(1)));
    assert.throws(() => zero.push(Uint8Array.of(0, 0)), (e: unknown) => e instanceof FramingError && e.offset === 3 && /frame length 0 outside 1\.\.261/.test(e.message) && e.endpoint === 'peer');
    const long = new FrameDecoder('peer', 261);
    assert.throws(() => long.push(Uint8Array.of(0x01, 0x06)), (e: unknown) => e instanceof FramingError && e.offset === 0 && /length 262/.test(e.message));
  });

  it('describes a frame cut short', () => {
    const decoder = new FrameDecoder('peer', 261);
    assert.deepEqual(decoder.push(Uint8Array.of(0x00, 0x05, 0xaa, 0xbb)), []);
    assert.equal(decoder.pending, 4);
    assert.match(decoder.truncation().message, /inside a 5-byte frame \(4 byte\(s\) received\) at stream offset 0/);
    const prefixOnly = new FrameDecoder('peer', 261);
    prefixOnly.push(Uint8Array.of(0x00));
    assert.match(prefixOnly.truncation().message, /inside a length prefix of a frame/);
  });
});
