/** `sgp32 pki init` as a user runs it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, VARIANTS } from '../../src/pki';
import { sgp32, tempDir } from './helpers';

describe('sgp32 pki', () => {
  it('init --curves brp --eid writes one curve with that EID, quickly', () => {
    const dir = tempDir();
    const eid = '89049032000000000000000000000163';
    const r = sgp32('pki', 'init', '--out', dir, '--curves', 'brainpoolP256r1', '--eid', eid);
    assert.equal(r.code, 0, r.err);
    const ms = Number(/in (\d+) ms/.exec(r.out)![1]);
    assert.ok(ms < 3000, `pki init took ${ms} ms`);
    const m = readManifest(dir);
    assert.deepEqual(m.curves, ['brp']);
    assert.equal(m.eid, eid);
    assert.equal(m.ein, '89049032');
    assert.equal(m.entries.length, 9 + VARIANTS.length);
    assert.ok(m.entries.every((e) => e.curve === 'brp' && existsSync(join(dir, e.cert)) && existsSync(join(dir, e.key))));
    assert.equal(m.entries.find((e) => e.role === 'euicc' && e.valid)!.eid, eid);
    assert.deepEqual(readdirSync(dir).sort(), ['brp', 'manifest.json']);
  });

  it('init without --eid makes a fresh valid EID in the default EIN', () => {
    const a = tempDir(), b = tempDir();
    assert.equal(sgp32('pki', 'init', '--out', a, '--curves', 'nist').code, 0);
    assert.equal(sgp32('pki', 'init', '--out', b, '--curves', 'nist').code, 0);
    const [ea, eb] = [readManifest(a).eid, readManifest(b).eid];
    assert.match(ea, /^89049032\d{24}$/);
    assert.notEqual(ea, eb);
  });

  it('re-running init replaces its own earlier output, and only that', () => {
    const dir = tempDir();
    assert.equal(sgp32('pki', 'init', '--out', dir).code, 0);
    writeFileSync(join(dir, 'nist', 'stale.pem'), 'old');
    mkdirSync(join(dir, 'mine'));
    assert.equal(sgp32('pki', 'init', '--out', dir, '--curves', 'nist').code, 0);
    assert.ok(!existsSync(join(dir, 'nist', 'stale.pem')));
    assert.ok(!existsSync(join(dir, 'brp')));
    assert.ok(existsSync(join(dir, 'mine')));
  });

  it('init --tls-names makes the TLS certificates name those hosts too, and no other certificate', () => {
    const dir = tempDir();
    const r = sgp32('pki', 'init', '--out', dir, '--curves', 'nist', '--tls-names', 'eim, smdpp.lab.example,10.1.2.3');
    assert.equal(r.code, 0, r.err);
    const m = readManifest(dir);
    const cert = (role: string) => new X509Certificate(readFileSync(join(dir, m.entries.find((e) => e.role === role && e.valid)!.cert)));
    for (const role of ['eimTls', 'dpTls']) {
      const c = cert(role);
      for (const host of ['eim', 'smdpp.lab.example', 'localhost']) assert.ok(c.checkHost(host), `${role} names ${host}`);
      for (const ip of ['10.1.2.3', '127.0.0.1']) assert.ok(c.checkIP(ip), `${role} names ${ip}`);
      assert.equal(c.checkHost('harness'), undefined);
    }
    assert.equal(cert('eimSign').checkHost('eim'), undefined);
  });

  it('usage errors exit 2 and say what is wrong', () => {
    const dir = tempDir();
    const cases: [string[], RegExp][] = [
      [['pki', 'init'], /needs --out DIR/],
      [['pki', 'init', '--out', dir, '--eid', '89049032123451234512345678901234'], /--eid: invalid EID .* check digits 34 are wrong \(expected 35\)/],
      [['pki', 'init', '--out', dir, '--curves', 'nist,p384'], /--curves: unsupported curve 'p384'/],
      [['pki', 'init', '--out', dir, '--force', 'yes'], /unknown option --force/],
      [['pki', 'frobnicate'], /unknown pki command 'frobnicate'/],
      [['pki', 'init', '--out', dir, '--tls-names', 'eim,bad_name'], /--tls-names: 'bad_name' is neither a host name nor an IP address/],
    ];
    for (const [args, msg] of cases) {
      const r = sgp32(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, msg);
    }
    assert.match(sgp32('help').out, /sgp32 pki init --out DIR/);
  });
});
