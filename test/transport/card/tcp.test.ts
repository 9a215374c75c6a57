import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Server, Socket } from 'node:net';
import { CardLinkError, FramingError, serveTcp, TcpCardServer, TcpConnector } from '../../../src/transport/card';
import { bytes, frame, hex, INS, rawExchange, TEST_AID, TEST_ATR, TestCard, TraceLog } from './fixture-card';

const select = bytes(`00A40400 10 ${TEST_AID}`);

/** Waits until `check` holds, polling, for at most `ms`. */
async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function roundTrip(port: number): Promise<void> {
  const link = new TcpConnector('127.0.0.1', port, { timeoutMs: 2000 });
  assert.equal(hex(await link.connect()), hex(TEST_ATR));
  assert.equal(hex(await link.transmit(select)), '9000');
  await link.close();
}

describe('TCP APDU server and TcpConnector', () => {
  it('carry power-up, APDUs, reset and power-down, tracing every APDU once per side', async () => {
    const card = new TestCard();
    const serverTrace = new TraceLog();
    const server = await serveTcp(card, { trace: serverTrace });
    const clientTrace = new TraceLog();
    const link = new TcpConnector('127.0.0.1', server.port, { trace: clientTrace });
    try {
      assert.equal(hex(await link.connect()), hex(TEST_ATR));
      assert.equal(hex(await link.transmit(select)), '9000');
      assert.equal(hex(await link.transmit(bytes('80EE0000 04 DEADBEEF'))), 'DEADBEEF9000');
      assert.equal(hex(await link.transmit(bytes('80100000'))), '6D00');
      assert.equal(hex(await link.reset()), hex(TEST_ATR));
      await link.close();
      await eventually(() => card.powerOffs === 1);
      assert.deepEqual([card.powerOns, card.resets], [1, 1]);

      const at = `tcp 127.0.0.1:${server.port}`;
      assert.deepEqual(clientTrace.lines(), [
        `apdu out ${at} ${hex(select)}`,
        `apdu in ${at} 9000`,
        `apdu out ${at} 80EE000004DEADBEEF`,
        `apdu in ${at} DEADBEEF9000`,
        `apdu out ${at} 80100000`,
        `apdu in ${at} 6D00`,
      ]);
      const serverLines = serverTrace.lines().map((l) => l.replace(/tcp 127\.0\.0\.1:\d+/, 'PEER'));
      assert.deepEqual(serverLines, [
        `apdu in PEER ${hex(select)}`,
        'apdu out PEER 9000',
        'apdu in PEER 80EE000004DEADBEEF',
        'apdu out PEER DEADBEEF9000',
        'apdu in PEER 80100000',
        'apdu out PEER 6D00',
      ]);
      assert.ok(serverTrace.events.every((e) => e.endpoint !== at), 'the server names its client, not itself');
    } finally {
      await server.close();
    }
  });

  it('puts vpcd framing on the wire: control codes unanswered except GET ATR', async () => {
    const server = await serveTcp(new TestCard());
    try {
      const seen = await rawExchange(server.port, [Buffer.concat([frame(Uint8Array.of(1)), frame(Uint8Array.of(4)), frame(select), frame(Uint8Array.of(0))])], 300);
      assert.equal(seen.received.toString('hex').toUpperCase(), `0009${hex(TEST_ATR)}00029000`);
    } finally {
      await server.close();
    }
  });

  it('serves one client at a time: a second waits, unanswered, until the first leaves', async () => {
    const server = await serveTcp(new TestCard());
    try {
      const first = new TcpConnector('127.0.0.1', server.port);
      await first.connect();
      const second = new TcpConnector('127.0.0.1', server.port, { timeoutMs: 3000 });
      let secondAtr: string | undefined;
      const secondConnected = second.connect().then((atr) => (secondAtr = hex(atr)));
      const impatient = new TcpConnector('127.0.0.1', server.port, { timeoutMs: 100 });
      await assert.rejects(impatient.connect(), /ATR after power-on timed out after 100 ms \(a card server serves one client at a time/);
      assert.equal(hex(await first.transmit(select)), '9000');
      assert.equal(secondAtr, undefined, 'the second client is not answered while the first holds the card');
      await first.close();
      await secondConnected;
      assert.equal(secondAtr, hex(TEST_ATR));
      assert.equal(hex(await second.transmit(bytes('80EE0000 01 42'))), '429000');
      await second.close();
    } finally {
      await server.close();
    }
  });

  describe('framing abuse drops only the offending client', () => {
    let server: TcpCardServer;
    const errors: Error[] = [];
    before(async () => {
      server = await serveTcp(new TestCard(), { frameTimeoutMs: 100, onError: (e) => errors.push(e) });
    });
    after(() => server.close());

    const cases: { name: string; chunks: Uint8Array[]; end?: boolean; error: RegExp; type: Function }[] = [
      { name: 'length 0', chunks: [Uint8Array.of(0, 0)], error: /frame length 0 outside 1\.\.261 at stream offset 0/, type: FramingError },
      { name: 'length 262', chunks: [Buffer.concat([Uint8Array.of(0x01, 0x06), new Uint8Array(262)])], error: /frame length 262 outside/, type: FramingError },
      { name: 'length 65535', chunks: [Uint8Array.of(0xff, 0xff, 0x00)], error: /frame length 65535 outside/, type: FramingError },
      { name: 'half a frame, then close', chunks: [Uint8Array.of(0x00, 0x09, 0x00, 0xa4)], end: true, error: /inside a 9-byte frame \(4 byte\(s\) received\)/, type: FramingError },
      { name: 'half a length prefix, then close', chunks: [Uint8Array.of(0x00)], end: true, error: /inside a length prefix/, type: FramingError },
      { name: 'half a frame, then silence', chunks: [Uint8Array.of(0x00, 0x09, 0x00)], error: /inside a 9-byte frame/, type: FramingError },
      { name: 'unknown control code', chunks: [frame(Uint8Array.of(1)), frame(Uint8Array.of(3))], error: /unknown control code 0x03 at stream offset 3/, type: FramingError },
      { name: 'APDU to a powered-off card', chunks: [frame(Uint8Array.of(1)), frame(Uint8Array.of(0)), frame(select)], error: /command APDU at stream offset 6 while the card is powered off/, type: CardLinkError },
      { name: 'bad frame after a good one', chunks: [Buffer.concat([frame(Uint8Array.of(1)), Uint8Array.of(0, 0)])], error: /frame length 0 outside 1\.\.261 at stream offset 3/, type: FramingError },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const before = errors.length;
        const started = Date.now();
        const seen = await rawExchange(server.port, c.chunks, 3000, c.end);
        assert.ok(seen.closedByServer, 'the server closed the connection');
        assert.ok(Date.now() - started < 2000, 'dropped well within the wait');
        assert.equal(seen.received.length, 0);
        await eventually(() => errors.length > before);
        assert.ok(errors[before] instanceof c.type, `${errors[before]?.name} is ${c.type.name}`);
        assert.match(errors[before].message, c.error);
        assert.match(errors[before].message, /^tcp 127\.0\.0\.1:\d+: /);
        await roundTrip(server.port);
      });
    }
  });

  it('drops the client when the card fails, and serves the next one', async () => {
    const errors: Error[] = [];
    const server = await serveTcp(new TestCard(), { onError: (e) => errors.push(e) });
    try {
      const link = new TcpConnector('127.0.0.1', server.port);
      await link.connect();
      await assert.rejects(link.transmit(Uint8Array.of(0x80, INS.FAIL, 0, 0)), (e: unknown) => e instanceof CardLinkError && /connection closed by the server$/.test(e.message));
      await eventually(() => errors.length === 1);
      assert.equal(((errors[0] as CardLinkError).cause as Error).message, 'test card failure');
      await roundTrip(server.port);
    } finally {
      await server.close();
    }
  });

  describe('timeouts', () => {
    it('a late response APDU raises CardLinkError after timeoutMs and ends the link', async () => {
      const server = await serveTcp(new TestCard());
      try {
        const link = new TcpConnector('127.0.0.1', server.port, { timeoutMs: 100 });
        await link.connect();
        const started = Date.now();
        await assert.rejects(link.transmit(Uint8Array.of(0x80, INS.SLOW, 40, 0)), (e: unknown) => e instanceof CardLinkError && /response APDU timed out after 100 ms/.test(e.message));
        const took = Date.now() - started;
        assert.ok(took >= 95 && took < 1000, `timeout took ${took} ms`);
        await assert.rejects(link.transmit(select), /call connect\(\) first/);
        await roundTrip(server.port);
      } finally {
        await server.close();
      }
    });

    it('a server that never answers the ATR request times out connect()', async () => {
      const sockets: Socket[] = [];
      const silent: Server = createServer((socket) => {
        sockets.push(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      try {
        const started = Date.now();
        await assert.rejects(new TcpConnector('127.0.0.1', port, { timeoutMs: 100 }).connect(), /ATR after power-on timed out after 100 ms/);
        assert.ok(Date.now() - started < 1000);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    });

    it('nothing listening fails connect() at once', async () => {
      const probe = await serveTcp(new TestCard());
      await probe.close();
      await assert.rejects(new TcpConnector('127.0.0.1', probe.port).connect(), (e: unknown) => e instanceof CardLinkError && /connect failed: .*ECONNREFUSED/.test(e.message));
    });
  });

  it('a 1-byte command APDU cannot be framed (it would read as a control code)', async () => {
    const server = await serveTcp(new TestCard());
    try {
      const link = new TcpConnector('127.0.0.1', server.port);
      await link.connect();
      await assert.rejects(link.transmit(Uint8Array.of(0x00)), FramingError);
      assert.equal(hex(await link.transmit(select)), '9000');
      await link.close();
    } finally {
      await server.close();
    }
  });
});
