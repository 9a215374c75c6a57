/** HTTP and TLS requirements of the SM-DP+'s ES9+ endpoint. */
import { Then, When } from '@cucumber/cucumber';
import { smdppBench } from '../../src/bench/smdpp/bench';
import { expectMatch, where } from '../../src/bench/matchers';
import { handshake, HandshakeOptions, postWithHeaders } from '../../src/bench/smdpp/probes';
import { HttpResponse } from '../../src/transport/http';
import { HarnessWorld } from '../support/world';

const answers = new WeakMap<HarnessWorld, HttpResponse>();
const handshakes = new WeakMap<HarnessWorld, string>();
const PROBES: Record<string, { contentType: string; adminProtocol?: string }> = {
  'a text/plain Content-Type': { contentType: 'text/plain' },
  'a malformed X-Admin-Protocol': { contentType: 'application/json', adminProtocol: 'rsp/2.5' },
};
const TLS: Record<string, HandshakeOptions> = {
  'TLS 1.1': { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' },
  'RSA key exchange only': { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256:AES128-SHA256:AES128-SHA' },
  'TLS 1.2 with ECDHE-ECDSA-AES128-GCM-SHA256': { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' },
};

When('S_IPA posts InitiateAuthentication to the SM-DP+ with {}', async function (this: HarnessWorld, probe: string) {
  const p = PROBES[probe];
  if (!p) throw new Error(`unknown request defect '${probe}'`);
  const b = await smdppBench(this);
  answers.set(this, await postWithHeaders(this, b.target, p.contentType, p.adminProtocol));
});

Then('the SM-DP+ refuses the request before running the function', function (this: HarnessWorld) {
  const r = answers.get(this);
  if (!r) throw new Error('no request was posted');
  let failed = false;
  if (r.status === 200 && r.body.length) {
    try {
      failed = JSON.parse(r.body.toString('utf8'))?.header?.functionExecutionStatus?.status === 'Failed';
    } catch { /* not JSON: judged by its status alone */ }
  }
  expectMatch('HTTP answer', { status: r.status, refused: failed || (r.status >= 400 && r.status < 500) }, { status: where('not a success with a result', (s) => s !== 204), refused: true });
});

When('S_IPA opens a TLS connection to the SM-DP+ offering {}', async function (this: HarnessWorld, offer: string) {
  const o = TLS[offer];
  if (!o) throw new Error(`unknown TLS offer '${offer}'`);
  handshakes.set(this, await handshake(this, (await smdppBench(this)).target, o));
});

Then('the SM-DP+ {word} the TLS handshake', function (this: HarnessWorld, verdict: string) {
  const outcome = handshakes.get(this) ?? '';
  const want = verdict === 'completes' ? /^ok TLSv1\.[23] / : /^refused /;
  expectMatch('TLS handshake', outcome, where(verdict === 'completes' ? 'a completed handshake' : 'a refused handshake', (v) => want.test(v)));
});
