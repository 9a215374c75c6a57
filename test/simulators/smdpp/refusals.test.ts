/**
 * S_SM-DP+ refusals over real HTTPS (reference sgp33-catalog §4): each case is provoked through an
 * S_eUICC card behind APDUs (defective certificates, card hooks) or, where a card would never send
 * it, through the crypto-layer stand-in; each checks the JSON status code and, where the ASN.1
 * binding has one, the error alternative.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { connect, SecureVersion } from 'node:tls';
import { codec } from '../../../src/asn1';
import { dataObjects } from '../../../src/crypto/rsp-signatures';
import { parseCertificate } from '../../../src/pki';
import { Es2PlusClient, Es9PlusClient, TLS_GROUPS } from '../../../src/transport/http';
import { Es10Session } from '../../../src/transport/apdu';
import { InProcessConnector } from '../../../src/transport/card';
import { euiccCard } from '../../../simulators/euicc/card';
import { euiccConfigFromPki } from '../../../simulators/euicc/config';
import { SimEuicc } from '../../../simulators/euicc/euicc';
import { SimSmdpp } from '../../../simulators/smdpp/server';
import { fixtureCards } from '../euicc/fixture';
import { EuiccStandIn, RawCard } from './euicc-stand-in';
import { fails, failsAsn1, OTHER_EID, pki, PROFILES, SMDS_ADDRESS, smdppBench } from './fixture';
import { authenticate, cancel, downloadOverEs9, es9Request, getBpp, initiate, prepare } from './ipa';

const rsp = codec('RSPDefinitions'), sgp32 = codec('SGP32Definitions');
const card = fixtureCards();
const { sim, urls, address, es9, order } = smdppBench();
const standIn = (o?: ConstructorParameters<typeof EuiccStandIn>[3]) => EuiccStandIn.fromStore(pki, 'nist', o);

const opened: { close(): Promise<void> }[] = [];
after(() => Promise.all(opened.map((x) => x.close())));

/** An S_eUICC behind APDUs whose NIST credential is the test PKI's defective variant `variant`. */
async function defectiveCard(variant: string): Promise<RawCard> {
  const bad = pki.byId(`nist/defects/${variant}`) ?? assert.fail(`no variant ${variant}`);
  const base = euiccConfigFromPki(pki);
  const credentials = base.credentials.map((c) => (c.curve === 'nist' ? { ...c, euicc: bad.cert, eum: bad.chain[0], key: bad.key } : c));
  const connector = new InProcessConnector(euiccCard(new SimEuicc({ ...base, credentials })));
  await connector.connect();
  const session = new Es10Session(connector);
  await session.open();
  opened.push({ close: async () => { await session.close(); await connector.close(); } });
  return { raw: (command) => session.send(command), encode: (type, value) => sgp32.encode(type, value) };
}

describe('S_SM-DP+ InitiateAuthentication refusals', () => {
  it('DP-ES9P-INITAUTH-ERR-03 SVN too low (1.0.0) or too high (3.0.0): 8.8.3 / 3.1, ASN.1 euiccVersionNotSupportedByDp; 2.2.1, 2.2.2, 2.3.0 are served', async () => {
    for (const svn of ['1.0.0', '3.0.0']) {
      const f = await card({ capabilities: { svn } });
      await fails(initiate(f, es9(), address()), '8.8.3', '3.1');
      await failsAsn1(initiate(f, es9('nist', 'asn1'), address()), 'euiccVersionNotSupportedByDp', '8.8.3', '3.1');
    }
    for (const svn of ['2.2.1', '2.2.2', '2.3.0']) {
      const init = await initiate(await card({ capabilities: { svn } }), es9(), address());
      assert.equal(init.transactionId.length, 16, svn);
    }
  });

  it('DP-ES9P-INITAUTH-ERR-04 a CI shared for signing but none to verify CERT.DPauth with: 8.8.4 / 3.7 (ASN.1 has only ciPKNotSupported)', async () => {
    const ci = parseCertificate(pki.trustedCis('nist')[0]).subjectKeyId!;
    const euiccInfo1 = rsp.encode('EUICCInfo1', { svn: Buffer.from('020500', 'hex'), euiccCiPKIdListForVerification: [randomBytes(20)], euiccCiPKIdListForSigning: [ci] });
    const f = await card();
    await fails(initiate(f, es9(), address(), euiccInfo1), '8.8.4', '3.7');
    await failsAsn1(initiate(f, es9('nist', 'asn1'), address(), euiccInfo1), 'ciPKNotSupported', '8.8.2', '3.1');
  });
});

describe('S_SM-DP+ AuthenticateClient refusals', () => {
  const certificateCases: [title: string, variant: string, subject: string, reason: string, asn1Error: string][] = [
    ['DP-ES9P-AUTHCL-ERR-01 invalid EUM certificate (no keyCertSign): 8.1.2 / 6.1', 'euicc-eum-wrong-key-usage', '8.1.2', '6.1', 'eumCertificateInvalid'],
    ['DP-ES9P-AUTHCL-ERR-02 expired EUM certificate: 8.1.2 / 6.3', 'euicc-eum-expired', '8.1.2', '6.3', 'eumCertificateExpired'],
    ['DP-ES9P-AUTHCL-ERR-03 invalid eUICC certificate (bad signature): 8.1.3 / 6.1', 'euicc-bad-signature', '8.1.3', '6.1', 'euiccCertificateInvalid'],
    ['DP-ES9P-AUTHCL-ERR-04 expired eUICC certificate: 8.1.3 / 6.3', 'euicc-expired', '8.1.3', '6.3', 'euiccCertificateExpired'],
    ['DP-ES9P-AUTHCL-ERR-05 EUM certificate of an unknown CI: 8.11.1 / 3.9', 'euicc-eum-unknown-ci', '8.11.1', '3.9', 'ciPKUnknown'],
  ];
  for (const [title, variant, subject, reason, asn1Error] of certificateCases) {
    it(title, async () => {
      const c = await defectiveCard(variant);
      const o = await order();
      await fails(authenticate(c, es9(), { address: address(), matchingId: o.matchingId }), subject, reason);
      await failsAsn1(authenticate(c, es9('nist', 'asn1'), { address: address(), matchingId: o.matchingId }), asn1Error, subject, reason);
      assert.equal(sim().orders.get(o.iccid)!.state, 'released', 'the order is untouched');
    });
  }

  it('DP-ES9P-AUTHCL-ERR-08/09 unknown matchingId of an activation code, and of an SM-DS event order: 8.2.6 / 3.8', async () => {
    const f = await card();
    await order();
    await fails(authenticate(f, es9(), { address: address(), matchingId: 'AC-UNKNOWN-12345' }), '8.2.6', '3.8');
    const event = await order({ smdsAddress: SMDS_ADDRESS });
    assert.equal(sim().orders.get(event.iccid)!.smdsAddress, SMDS_ADDRESS);
    await failsAsn1(authenticate(f, es9('nist', 'asn1'), { address: address(), matchingId: `${event.matchingId}-X` }), 'matchingIdRefused', '8.2.6', '3.8');
  });

  it('DP-ES9P-AUTHCL-ERR-11 a PPR1 profile for an eUICC that forbids PPR1: 8.2.5 / 4.3 (ASN.1 noEligibleProfile); a card that allows it installs it', async () => {
    const forbidding = standIn({ forbiddenProfilePolicyRules: ['ppr1'] }).card();
    const o = await order({ profileType: 'PPR1' });
    await fails(authenticate(forbidding, es9(), { address: address(), matchingId: o.matchingId }), '8.2.5', '4.3');
    await failsAsn1(authenticate(forbidding, es9('nist', 'asn1'), { address: address(), matchingId: o.matchingId }), 'noEligibleProfile', '8.2.5', '4.3');
    assert.equal(sim().orders.get(o.iccid)!.state, 'released');
    const f = await card();
    await downloadOverEs9(f, es9(), { address: address(), matchingId: o.matchingId });
    assert.equal(sim().orders.get(o.iccid)!.state, 'installed');
    assert.deepEqual(f.euicc.state.profiles[0].ppr, ['ppr1']);
  });

  it('DP-ES9P-AUTHCL-ERR-14 an SM-DS event order for another EID: 8.1.1 / 3.8', async () => {
    const o = await order({ eid: OTHER_EID, smdsAddress: SMDS_ADDRESS });
    const f = await card();
    await fails(authenticate(f, es9(), { address: address(), matchingId: o.matchingId }), '8.1.1', '3.8');
    await failsAsn1(authenticate(f, es9('nist', 'asn1'), { address: address(), matchingId: o.matchingId }), 'eidMismatch', '8.1.1', '3.8');
  });

  it('DP-ES9P-AUTHCL-ERR-19 a transactionId the SM-DP+ never issued, signed and outside: 8.10.1 / 3.9', async () => {
    const o = await order();
    const unknown = randomBytes(16);
    const c = standIn();
    const ipa = { address: address(), matchingId: o.matchingId, outerTransactionId: unknown };
    await fails(authenticate(c.tweakNextSigned1((signed) => { signed.transactionId = unknown; }).card(), es9(), ipa), '8.10.1', '3.9');
    await failsAsn1(authenticate(c.tweakNextSigned1((signed) => { signed.transactionId = unknown; }).card(), es9('nist', 'asn1'), ipa), 'invalidTransactionId', '8.10.1', '3.9');
  });

  it('DP-ES9P-AUTHCL-ERR-20 euiccSigned1 with another serverChallenge: 8.1 / 6.1', async () => {
    const o = await order();
    const c = standIn();
    await fails(authenticate(c.tweakNextSigned1((signed) => { signed.serverChallenge = randomBytes(16); }).card(), es9(), { address: address(), matchingId: o.matchingId }), '8.1', '6.1');
    await failsAsn1(authenticate(c.tweakNextSigned1((signed) => { signed.serverChallenge = randomBytes(16); }).card(), es9('nist', 'asn1'), { address: address(), matchingId: o.matchingId }), 'euiccSignatureInvalid', '8.1', '6.1');
  });

  it('DP-ES9P-AUTHCL-ERR-21 ASN.1: an unknown transactionId inside euiccSigned1, the session\'s outside: 8.10.1 / 3.9 (invalidTransactionId)', async () => {
    const o = await order();
    const c = standIn().tweakNextSigned1((signed) => { signed.transactionId = randomBytes(16); });
    await failsAsn1(authenticate(c.card(), es9('nist', 'asn1'), { address: address(), matchingId: o.matchingId }), 'invalidTransactionId', '8.10.1', '3.9');
  });
});

describe('S_SM-DP+ GetBoundProfilePackage refusals', () => {
  it('DP-ES9P-GBPP-ERR-01 PrepareDownload answered with undefinedError (127): 8.1 / 4.2, the session ends, a new one downloads', async () => {
    const f = await card();
    const o = await order();
    const client = es9();
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    f.euicc.hooks.respondWith('ES10b.PrepareDownload', { downloadResponseError: { transactionId: auth.transactionId, downloadErrorCode: 127 } });
    await fails(getBpp(client, auth, await prepare(f, auth)), '8.1', '4.2');
    await fails(getBpp(client, auth, await prepare(f, auth)), '8.10.1', '3.9');
    assert.equal(sim().orders.get(o.iccid)!.state, 'released');
    await downloadOverEs9(f, client, { address: address(), matchingId: o.matchingId });
  });

  it('DP-ES9P-GBPP-ERR-01 ASN.1: the eUICC error is answered as undefinedError', async () => {
    const f = await card();
    const o = await order();
    const client = es9('nist', 'asn1');
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    f.euicc.hooks.respondWith('ES10b.PrepareDownload', { downloadResponseError: { transactionId: auth.transactionId, downloadErrorCode: 127 } });
    await failsAsn1(getBpp(client, auth, await prepare(f, auth)), 'undefinedError');
  });

  it('DP-ES9P-GBPP-ERR-02 corrupted euiccSignature2 (card hook): 8.1 / 6.1, ASN.1 euiccSignatureInvalid', async () => {
    const f = await card();
    const o = await order();
    const auth = await authenticate(f, es9(), { address: address(), matchingId: o.matchingId });
    f.euicc.hooks.corruptSignatures();
    const answer = await prepare(f, auth);
    await fails(getBpp(es9(), auth, answer), '8.1', '6.1');
    await failsAsn1(getBpp(es9('nist', 'asn1'), auth, answer), 'euiccSignatureInvalid', '8.1', '6.1');
  });

  it('DP-ES9P-GBPP-ERR-04 ASN.1: unknown transactionId: invalidTransactionId (8.10.1 / 3.9)', async () => {
    const f = await card();
    const o = await order();
    const client = es9('nist', 'asn1');
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    await failsAsn1(getBpp(client, { transactionId: randomBytes(16) }, await prepare(f, auth)), 'invalidTransactionId', '8.10.1', '3.9');
  });

  it('DP-ES9P-GBPP-ERR-05 ccRequiredFlag set but no hashCc in euiccSigned2: 8.2.7 / 2.2, ASN.1 confirmationCodeMissing', async () => {
    const c = standIn();
    const o = await order({ confirmationCode: '12345678' });
    const auth = await authenticate(c.card(), es9(), { address: address(), matchingId: o.matchingId });
    assert.equal(auth.ok.smdpSigned2.ccRequiredFlag, true);
    const answer = await prepare(c.card(), auth);
    assert.equal(sgp32.decode<any>('PrepareDownloadResponse', answer).downloadResponseOk.euiccSigned2.hashCc, undefined);
    await fails(getBpp(es9(), auth, answer), '8.2.7', '2.2');
    await failsAsn1(getBpp(es9('nist', 'asn1'), auth, answer), 'confirmationCodeMissing', '8.2.7', '2.2');
  });
});

/** A copy of the CancelSessionResponse `receipt` with the last byte of its signature flipped. */
function corrupted(receipt: Uint8Array): Buffer {
  const out = Buffer.from(receipt);
  const signature = dataObjects(out, 'CancelSessionResponse', 0xbf41, 0xa0).get(0x5f37)!;
  signature[signature.length - 1] ^= 0x01;
  return out;
}

type CancelStage = 'AuthenticateClient' | 'GetBoundProfilePackage';
const CANCEL_CASES: readonly { title: string; stage: CancelStage; fault: 'transactionId' | 'signature' | 'oid' }[] = [
  { title: 'DP-ES9P-CANCEL-ERR-01 / ERR-02 after AuthenticateClient, unknown transactionId: JSON 8.10.1 / 3.9, ASN.1 invalidTransactionId', stage: 'AuthenticateClient', fault: 'transactionId' },
  { title: 'DP-ES9P-CANCEL-ERR-03 after AuthenticateClient, corrupted euiccCancelSessionSignature: 8.1 / 6.1', stage: 'AuthenticateClient', fault: 'signature' },
  { title: 'DP-ES9P-CANCEL-ERR-04 after AuthenticateClient, smdpOid of another SM-DP+: 8.8 / 3.10', stage: 'AuthenticateClient', fault: 'oid' },
  { title: 'DP-ES9P-CANCEL-ERR-05 / ERR-06 after GetBoundProfilePackage, unknown transactionId: JSON 8.10.1 / 3.9, ASN.1 invalidTransactionId', stage: 'GetBoundProfilePackage', fault: 'transactionId' },
  { title: 'DP-ES9P-CANCEL-ERR-07 after GetBoundProfilePackage, corrupted euiccCancelSessionSignature: 8.1 / 6.1', stage: 'GetBoundProfilePackage', fault: 'signature' },
  { title: 'DP-ES9P-CANCEL-ERR-08 after GetBoundProfilePackage, smdpOid of another SM-DP+: 8.8 / 3.10', stage: 'GetBoundProfilePackage', fault: 'oid' },
];

describe('S_SM-DP+ CancelSession refusals', () => {
  const cancelled = (client: Es9PlusClient, transactionId: Uint8Array, receipt: Uint8Array) => client.cancelSession(es9Request.cancelSession(transactionId, receipt));
  for (const { title, stage, fault } of CANCEL_CASES) {
    it(title, async () => {
      const c = standIn();
      const o = await order();
      const auth = await authenticate(c.card(), es9(), { address: address(), matchingId: o.matchingId });
      if (stage === 'GetBoundProfilePackage') await getBpp(es9(), auth, await prepare(c.card(), auth));
      const receipt = c.cancelSession(auth.transactionId, 1);
      if (fault === 'transactionId') {
        const unknown = randomBytes(16);
        await fails(cancelled(es9(), unknown, receipt), '8.10.1', '3.9');
        await failsAsn1(cancelled(es9('nist', 'asn1'), unknown, receipt), 'invalidTransactionId', '8.10.1', '3.9');
      } else if (fault === 'signature') {
        await fails(cancelled(es9(), auth.transactionId, corrupted(receipt)), '8.1', '6.1');
        await failsAsn1(cancelled(es9('nist', 'asn1'), auth.transactionId, corrupted(receipt)), 'euiccSignatureInvalid', '8.1', '6.1');
      } else {
        const other = c.cancelSession(auth.transactionId, 1, '2.999.10.99');
        await fails(cancelled(es9(), auth.transactionId, other), '8.8', '3.10');
        await failsAsn1(cancelled(es9('nist', 'asn1'), auth.transactionId, other), 'undefinedError');
      }
      // None of the refusals touched the session: the sound receipt still cancels it.
      await cancelled(es9(), auth.transactionId, receipt);
      assert.equal(sim().orders.get(o.iccid)!.state, 'released');
    });
  }
});

describe('S_SM-DP+ session timeout', () => {
  it('DP-ES9P-TIMEOUT-NOM-01 a session idle past sessionTimeoutMs: the next call is 8.10.1 / 3.9, and the order downloads in a new session', async () => {
    let now = Date.now();
    const local = new SimSmdpp({ pki, curve: 'nist', profiles: PROFILES.slice(0, 2), sessionTimeoutMs: 60_000, now: () => new Date(now) });
    const { es9: es9Url, es2: es2Url } = await local.start();
    try {
      const es2 = new Es2PlusClient({ baseUrl: es2Url, trust: pki.trustedCis('nist'), clientCredential: pki.get('es2plusClient', 'nist') });
      const client = new Es9PlusClient({ baseUrl: es9Url, trust: pki.trustedCis('nist') });
      const orders = [];
      for (const p of PROFILES.slice(0, 2)) {
        await es2.downloadOrder({ iccid: p.iccid });
        orders.push({ iccid: p.iccid, ...(await es2.confirmOrder({ iccid: p.iccid, releaseFlag: true })) });
      }
      const f = await card();
      // Idle between AuthenticateClient and GetBoundProfilePackage.
      let auth = await authenticate(f, client, { address: local.address, matchingId: orders[0].matchingId });
      now += 60_001;
      await fails(getBpp(client, auth, await prepare(f, auth)), '8.10.1', '3.9');
      await downloadOverEs9(f, client, { address: local.address, matchingId: orders[0].matchingId });
      assert.equal(local.orders.get(orders[0].iccid)!.state, 'installed');
      // Idle after the BPP went out, before the PIR: the order is released for another try.
      auth = await authenticate(f, client, { address: local.address, matchingId: orders[1].matchingId });
      await getBpp(client, auth, await prepare(f, auth));
      assert.equal(local.orders.get(orders[1].iccid)!.state, 'downloaded');
      now += 60_001;
      await fails(cancel(f, client, auth.transactionId, 1), '8.10.1', '3.9');
      assert.equal(local.orders.get(orders[1].iccid)!.state, 'released');
      const { pir } = await downloadOverEs9(f, client, { address: local.address, matchingId: orders[1].matchingId });
      assert.ok(pir.length > 0);
      assert.equal(local.orders.get(orders[1].iccid)!.state, 'installed');
    } finally {
      await local.close();
    }
  });
});

/** One POST with exactly these headers; resolves with status and body text. */
function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'Content-Length': Buffer.byteLength(body) }, ca: pki.trustedCis('nist').map((c) => c.toString()), ecdhCurve: TLS_GROUPS }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('S_SM-DP+ HTTP and TLS refusals', () => {
  it('DP-ES9P-HTTP-ERR-01 a wrong Content-Type (415) and a malformed X-Admin-Protocol (400) are refused before the function runs', async () => {
    const url = `${urls().es9}/gsma/rsp2/es9plus/initiateAuthentication`;
    const body = JSON.stringify({ smdpAddress: address(), euiccChallenge: randomBytes(16).toString('base64'), euiccInfo1: '' });
    const wrongType = await post(url, body, { 'Content-Type': 'text/plain', 'X-Admin-Protocol': 'gsma/rsp/v2.5.0' });
    assert.equal(wrongType.status, 415);
    assert.match(wrongType.text, /Content-Type 'text\/plain' not accepted/);
    const wrongProtocol = await post(url, body, { 'Content-Type': 'application/json', 'X-Admin-Protocol': 'rsp/2.5' });
    assert.equal(wrongProtocol.status, 400);
    assert.match(wrongProtocol.text, /X-Admin-Protocol 'rsp\/2\.5'/);
    const asn1 = await post(`${urls().es9}/gsma/rsp2/asn1`, body, { 'Content-Type': 'application/json', 'X-Admin-Protocol': 'gsma/rsp/v2.5.0' });
    assert.equal(asn1.status, 415);
  });

  /** A TLS handshake with the ES9+ server; resolves with the negotiated version or the error code. */
  function handshake(o: { minVersion?: SecureVersion; maxVersion?: SecureVersion; ciphers?: string }): Promise<string> {
    const { hostname, port } = new URL(urls().es9);
    return new Promise((resolve) => {
      const socket = connect({ host: hostname, port: Number(port), ca: pki.trustedCis('nist').map((c) => c.toString()), ecdhCurve: TLS_GROUPS, ...o }, () => {
        resolve(`ok ${socket.getProtocol()} ${socket.getCipher().standardName}`);
        socket.end();
      });
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(`refused ${e.code ?? e.message}`));
    });
  }

  it('DP-TLS-ES9P-ERR-01 TLS 1.1 and RSA-only cipher suites are refused in the handshake; TLS 1.2 with ECDHE-ECDSA-AES128-GCM-SHA256 works', async () => {
    assert.match(await handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }), /^refused .*(PROTOCOL|VERSION)/i);
    assert.match(await handshake({ maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256:AES128-SHA' }), /^refused /);
    assert.equal(await handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' }), 'ok TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
  });
});
