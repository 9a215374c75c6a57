import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Server, Socket } from 'node:net';
import { CardLinkError, connectVpcd } from '../../../src/transport/card';
import { bytes, frame, hex, TEST_AID, TEST_ATR, TestCard, TraceLog } from './fixture-card';

/**
 * Stands in for pcscd's vpcd driver: listens where the virtual card dials in and drives it with
 * the same messages the driver sends (vsmartcard ifd-vpcd.c): GET ATR polls, power, APDUs.
 */
class FakePcscd {
  readonly links: Socket[] = [];
  private readonly server: Server;
  private arrivals: ((socket: Socket) => void)[] = [];

  constructor() {
    this.server = createServer((socket) => {
      socket.on('error', () => undefined);
      this.links.push(socket);
      this.arrivals.shift()?.(socket);
    });
  }

  listen(port = 0): Promise<number> {
    return new Promise((resolve) => this.server.listen(port, '127.0.0.1', () => resolve((this.server.address() as { port: number }).port)));
  }

  /** The next card link, or one already made and not yet handed out. */
  nextLink(handedOut: number): Promise<Socket> {
    if (this.links.length > handedOut) return Promise.resolve(this.links[handedOut]);
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  async close(): Promise<void> {
    for (const link of this.links) link.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Sends one message and reads the one frame it is answered with. */
function ask(link: Socket, payload: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let got = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) {
        link.off('data', onData);
        resolve(got.subarray(2, 2 + got.readUInt16BE(0)));
      }
    };
    link.on('data', onData);
    link.once('close', () => reject(new Error('card link closed')));
    link.write(frame(payload));
  });
}

async function freePort(): Promise<number> {
  const probe = new FakePcscd();
  const port = await probe.listen();
  await probe.close();
  return port;
}

const select = bytes(`00A40400 10 ${TEST_AID}`);

describe('connectVpcd', () => {
  it('answers pcscd: ATR polls without resetting the card, power control, APDUs, all traced', async () => {
    const pcscd = new FakePcscd();
    const port = await pcscd.listen();
    const card = new TestCard();
    const trace = new TraceLog();
    const vpcd = connectVpcd(card, { port, trace });
    try {
      await vpcd.connected;
      const link = await pcscd.nextLink(0);
      // Presence polls: the first powers the card up to learn its ATR, later ones change nothing.
      assert.equal(hex(await ask(link, Uint8Array.of(0x04))), hex(TEST_ATR));
      assert.equal(hex(await ask(link, Uint8Array.of(0x04))), hex(TEST_ATR));
      assert.deepEqual([card.powerOns, card.resets], [1, 0]);
      link.write(frame(Uint8Array.of(0x01)));
      assert.equal(hex(await ask(link, select)), '9000');
      link.write(frame(Uint8Array.of(0x02)));
      assert.equal(hex(await ask(link, bytes('80EE0000 02 CAFE'))), 'CAFE9000');
      link.write(frame(Uint8Array.of(0x00)));
      assert.equal(hex(await ask(link, Uint8Array.of(0x04))), hex(TEST_ATR), 'an unpowered card still shows its ATR to presence polls');
      assert.deepEqual([card.powerOns, card.resets, card.powerOffs], [2, 1, 1]);
      assert.deepEqual(trace.lines(), [
        `apdu in vpcd 127.0.0.1:${port} ${hex(select)}`,
        `apdu out vpcd 127.0.0.1:${port} 9000`,
        `apdu in vpcd 127.0.0.1:${port} 80EE000002CAFE`,
        `apdu out vpcd 127.0.0.1:${port} CAFE9000`,
      ]);
    } finally {
      await vpcd.close();
      await pcscd.close();
    }
  });

  it('keeps dialling until pcscd is up, and redials when pcscd drops the card', async () => {
    const port = await freePort();
    const card = new TestCard();
    const vpcd = connectVpcd(card, { port, retryMs: 20 });
    let connected = false;
    void vpcd.connected.then(() => (connected = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(connected, false);
    const pcscd = new FakePcscd();
    await pcscd.listen(port);
    try {
      await vpcd.connected;
      const first = await pcscd.nextLink(0);
      first.write(frame(Uint8Array.of(0x01)));
      assert.equal(hex(await ask(first, select)), '9000');
      first.destroy();
      const second = await pcscd.nextLink(1);
      assert.equal(card.powerOffs, 1, 'a dropped link powers the card off');
      second.write(frame(Uint8Array.of(0x01)));
      assert.equal(hex(await ask(second, select)), '9000');
    } finally {
      await vpcd.close();
      await pcscd.close();
    }
  });

  it('drops a malformed link and dials again', async () => {
    const pcscd = new FakePcscd();
    const port = await pcscd.listen();
    const errors: Error[] = [];
    const vpcd = connectVpcd(new TestCard(), { port, retryMs: 20, onError: (e) => errors.push(e) });
    try {
      const first = await pcscd.nextLink(0);
      first.write(Uint8Array.of(0x00, 0x00));
      const second = await pcscd.nextLink(1);
      assert.match(errors[0]?.message ?? '', new RegExp(`^vpcd 127\\.0\\.0\\.1:${port}: frame length 0`));
      assert.equal(hex(await ask(second, Uint8Array.of(0x04))), hex(TEST_ATR));
    } finally {
      await vpcd.close();
      await pcscd.close();
    }
  });

  it('close() stops dialling, and rejects `connected` if pcscd was never reached', async () => {
    const port = await freePort();
    const vpcd = connectVpcd(new TestCard(), { port, retryMs: 20 });
    await vpcd.close();
    await assert.rejects(vpcd.connected, (e: unknown) => e instanceof CardLinkError && /closed before pcscd accepted the card/.test(e.message));
    const pcscd = new FakePcscd();
    await pcscd.listen(port);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(pcscd.links.length, 0);
    await pcscd.close();
  });
});
