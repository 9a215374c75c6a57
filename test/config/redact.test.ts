/** redactConfig and configHash: secrets never leave, the hash is stable and names the configuration. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configHash, redactConfig, REDACTED } from '../../src/bench/config-file';

const SECRETS = ['pass-phrase-1', 'tok-2', 'pw-3', 'sec-4', 'Bearer abc-5', 'key-6', 'url-pw-7', 'q-tok-8', 'env-pw-9', 'cookie-10', 'MIGHAgEAinline'];

const raw = {
  iut: {
    smdpp: { es9: 'https://dp.example', tls: { key: 'k.pem', keyPassphrase: SECRETS[0] } },
    eim: {
      esipa: { url: `https://operator:${SECRETS[6]}@eim.example/esipa?access_token=${SECRETS[7]}&mode=x` },
      trigger: {
        adapter: 'http', Token: SECRETS[1],
        create: { url: 'https://e.example/{{eid}}', headers: { AUTHORIZATION: SECRETS[4], 'X-Api-Key': SECRETS[5], Accept: 'application/json' } },
        nested: [{ Password: SECRETS[2] }, { clientSecret: SECRETS[3] }],
        headers: { Cookie: SECRETS[9] },
      },
    },
    ipa: { launch: { command: './ipa', env: { IPA_PASSWORD: SECRETS[8], IPA_LOG: 'debug', IPA_KEY_PEM: `-----BEGIN PRIVATE KEY-----\n${SECRETS[10]}\n-----END PRIVATE KEY-----` } } },
  },
};

describe('redaction', () => {
  it('replaces every secret-looking value, at any depth, in header and env maps and URLs', () => {
    const text = JSON.stringify(redactConfig(raw));
    for (const s of SECRETS) assert.ok(!text.includes(s), `${s} leaked: ${text}`);
    const r = redactConfig(raw);
    assert.equal(r.iut.smdpp.tls.keyPassphrase, REDACTED);
    assert.equal(r.iut.eim.trigger.create.headers.AUTHORIZATION, REDACTED);
    assert.equal(r.iut.eim.trigger.create.headers.Accept, 'application/json');
    assert.equal(r.iut.eim.esipa.url, 'https://***@eim.example/esipa?access_token=***&mode=x');
    assert.equal(r.iut.ipa.launch.env.IPA_LOG, 'debug');
    assert.equal(r.iut.smdpp.tls.key, 'k.pem', 'a key file path is not a secret');
  });

  it('does not change its input', () => {
    const copy = structuredClone(raw);
    redactConfig(raw);
    assert.deepEqual(raw, copy);
  });

  it('the hash ignores key order and secrets, and changes with anything else', () => {
    const h = configHash(raw);
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.equal(configHash({ iut: { ipa: raw.iut.ipa, eim: raw.iut.eim, smdpp: raw.iut.smdpp } }), h);
    const otherSecret = structuredClone(raw);
    otherSecret.iut.smdpp.tls.keyPassphrase = 'different';
    assert.equal(configHash(otherSecret), h);
    const otherUrl = structuredClone(raw);
    otherUrl.iut.smdpp.es9 = 'https://dp2.example';
    assert.notEqual(configHash(otherUrl), h);
    assert.equal(configHash(undefined), configHash(null));
  });
});
