/**
 * `sgp32 health`: whether simulators (or any IUT) answer, for container health checks and scripts.
 * An HTTP(S) endpoint is alive when it sends any HTTP answer (a simulator answers an unknown path
 * with 404, which proves it serves); a TCP endpoint (S_eUICC's APDU link) when it accepts a
 * connection, which is closed at once without a frame so the card sees nothing.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { PkiInputError, PkiStore } from '../pki';
import { allowOnly, hostPort, option, parseArgs, UsageError } from './args';

export const HEALTH_USAGE = `sgp32 health TARGET... [--pki DIR] [--timeout MS]
  exits 0 when every TARGET answers within --timeout (default 3000 ms), else 1 naming each that did
  not. TARGET is an http:// or https:// URL (any HTTP status counts; TLS is verified against the
  CIs of the --pki directory, or the system's trust without it) or tcp:HOST:PORT (a connection is
  accepted).`;

type Target = { kind: 'http'; url: URL } | { kind: 'tcp'; host: string; port: number };

function target(text: string): Target {
  if (text.startsWith('tcp:')) return { kind: 'tcp', ...hostPort(text.slice(4), 'target') };
  if (/^https?:\/\//.test(text)) {
    try {
      return { kind: 'http', url: new URL(text) };
    } catch {
      // Falls through to the usage error.
    }
  }
  throw new UsageError(`'${text}' is neither an http(s) URL nor tcp:HOST:PORT`);
}

/** Resolves with undefined when `t` answered, else with why not. */
function probe(t: Target, ca: string[] | undefined, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    let end = (): void => undefined;
    const finish = (why: string | undefined): void => {
      clearTimeout(timer);
      end();
      resolve(why);
    };
    if (t.kind === 'tcp') {
      const socket = connect(t.port, t.host, () => finish(undefined));
      socket.on('error', (e) => finish(e.message));
      end = () => socket.destroy();
      return;
    }
    const send = t.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(t.url, { method: 'GET', ...(ca ? { ca } : {}), agent: false }, (res) => {
      res.resume();
      finish(undefined);
    });
    req.on('error', (e) => finish(e.message));
    end = () => req.destroy();
    req.end();
  });
}

export async function healthCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  allowOnly(args, ['pki', 'timeout']);
  if (!args.positional.length) throw new UsageError('health needs at least one TARGET (an http(s) URL or tcp:HOST:PORT)');
  const targets = args.positional.map(target);
  const timeoutText = option(args, 'timeout') ?? '3000';
  if (!/^[1-9]\d{0,6}$/.test(timeoutText)) throw new UsageError(`--timeout: '${timeoutText}' is not a positive number of milliseconds`);
  const pki = option(args, 'pki');
  let ca: string[] | undefined;
  try {
    ca = pki === undefined ? undefined : PkiStore.fromManifest(pki).trustedCis().map((c) => c.toString());
  } catch (e) {
    if (e instanceof PkiInputError) throw new UsageError(`--pki: ${e.message}`);
    throw e;
  }
  const results = await Promise.all(targets.map((t) => probe(t, ca, Number(timeoutText))));
  let down = 0;
  results.forEach((why, i) => {
    if (why === undefined) return;
    down++;
    console.error(`sgp32 health: ${args.positional[i]}: ${why}`);
  });
  return down ? 1 : 0;
}
