/**
 * ECDSA sign/verify per curve: the harness's raw-r‖s wrappers against node:crypto's own sign/verify
 * (DER signatures) on the same key and data, measured in the same run. Prints a table and JSON.
 * Usage: node dist/bench/ecdsa.bench.js [--seconds S]
 */
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { CURVES, CURVE_INFO } from '../src/crypto/curves';
import { signRaw, verifyRaw } from '../src/crypto/ecdsa';
import { measure } from '../src/asn1/throughput';
import { arg } from './arg';

const seconds = Number(arg('--seconds', '2'));
// About the size of a ServerSigned1 / EuiccPackageSigned: what the simulators sign most.
const data = randomBytes(200);
const BATCH = 50;

const results: Record<string, Record<string, number>> = {};
console.log(`ECDSA/SHA-256 on ${data.length}-byte messages, ${seconds}s per measurement, single thread, node ${process.version}`);
for (const curve of CURVES) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: CURVE_INFO[curve].nodeName });
  const der = sign('sha256', data, privateKey), raw = signRaw(privateKey, data);
  const ops = (f: () => unknown) => measure(() => { for (let k = 0; k < BATCH; k++) f(); return 0; }, BATCH, seconds).messagesPerSecond;
  const r = {
    rawSign: ops(() => sign('sha256', data, privateKey)),
    sign: ops(() => signRaw(privateKey, data)),
    rawVerify: ops(() => verify('sha256', data, publicKey, der)),
    verify: ops(() => verifyRaw(publicKey, data, raw)),
  };
  results[curve] = { ...r, signRatio: r.sign / r.rawSign, verifyRatio: r.verify / r.rawVerify };
  const line = (name: string, ours: number, base: number) =>
    `${`${CURVE_INFO[curve].label} ${name}`.padEnd(24)} ${ours.toFixed(0).padStart(8)} ops/s   node:crypto ${base.toFixed(0).padStart(8)} ops/s   ratio ${(ours / base).toFixed(2)}`;
  console.log(line('sign', r.sign, r.rawSign));
  console.log(line('verify', r.verify, r.rawVerify));
}
console.log(JSON.stringify({ bench: 'ecdsa', seconds, bytes: data.length, results }));
