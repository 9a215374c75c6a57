/**
 * The SM-DP+ download library against a card-side stand-in made of the crypto layer: a full download
 * on both curves ends with the card opening the BPP and finding the profile, and each check the
 * SM-DP+ makes refuses its case with the SGP.22 reason.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { codec, toHex } from '../../../src/asn1';
import { CURVES, Curve, CURVE_INFO } from '../../../src/crypto/curves';
import { generateOneTimeKey } from '../../../src/crypto/ecka';
import { dataObjects } from '../../../src/crypto/rsp-signatures';
import { GeneratedCert, generatePki, parseCertificate, PkiStore, writePki } from '../../../src/pki';
import { buildTestProfile, parseProfile } from '../../../src/profile';
import { BoundProfilePackageOutput, DownloadServer, DownloadServerOptions, OrderTerms } from '../../../simulators/smdpp/download';
import { DownloadConfigError, DownloadError, DownloadErrorReason } from '../../../simulators/smdpp/errors';
import { EuiccStandIn } from './euicc-stand-in';

const pki = generatePki();
const cert = (id: string): GeneratedCert => pki.certs.find((c) => c.id === id) ?? assert.fail(`no ${id}`);
const credential = (id: string) => ({ cert: new X509Certificate(cert(id).der), key: cert(id).keys.privateKey });
const ADDRESS = 'smdp.example.com';
const profile = buildTestProfile({ profileName: 'peers test profile' });
const rsp = codec('RSPDefinitions');

function server(curve: Curve, o: Partial<DownloadServerOptions> = {}): DownloadServer {
  return new DownloadServer({
    pki: { dpAuth: credential(`${curve}/dpAuth`), dpPb: credential(`${curve}/dpPb`), ciTrust: [cert(`${curve}/ci`).der] },
    serverAddress: ADDRESS, curve, profile, ...o,
  });
}

/** The stand-in presenting eUICC certificate `id` with the EUM of its chain. */
function card(curve: Curve, id = `${curve}/euicc`): EuiccStandIn {
  const euicc = cert(id);
  const identity = { euicc: euicc.der, key: euicc.keys.privateKey, eid: euicc.eid!, eum: cert(euicc.chain[0]).der };
  return new EuiccStandIn(curve, identity, parseCertificate(cert(`${curve}/ci`).der).subjectKeyId!);
}

function rejects(f: () => unknown, fn: string, reason: DownloadErrorReason, detail?: RegExp): void {
  assert.throws(f, (e) => {
    assert.ok(e instanceof DownloadError, `expected a DownloadError, got ${e}`);
    assert.equal(e.fn, fn);
    assert.equal(e.reason, reason, e.message);
    if (detail) assert.match(e.message, detail);
    return true;
  });
}

/** A copy of `bytes` with the last byte of the 5F37 signature inside `path` flipped. */
function flipSignature(bytes: Uint8Array, type: string, ...path: number[]): Buffer {
  const out = Buffer.from(bytes);
  const sig = dataObjects(out, type, ...path).get(0x5f37)!;
  sig[sig.length - 1] ^= 0x01;
  return out;
}

for (const curve of CURVES) {
  describe(`SM-DP+ download on ${CURVE_INFO[curve].label}`, () => {
    it('runs InitiateAuthentication → AuthenticateClient → GetBoundProfilePackage, and the card opens the profile', () => {
      const s = server(curve, { matchingId: 'MATCHING-1', notificationConfigurationInfo: [{ profileManagementOperation: ['notificationInstall'], notificationAddress: ADDRESS }] });
      const c = card(curve);
      const init = s.initiateAuthentication(c.challenge, c.euiccInfo1(), ADDRESS);
      assert.equal(init.value.ctxParams1.ctxParamsForCommonAuthentication.matchingId, 'MATCHING-1');
      assert.deepEqual(Buffer.from(init.value.euiccCiPKIdToBeUsed), Buffer.from(c.ciKeyId));
      const auth = s.authenticateClient(c.authenticateServer(init.bytes));
      assert.equal(auth.eid, c.eid);
      assert.deepEqual(auth.transactionId, init.transactionId);
      assert.equal(auth.value.smdpSigned2.ccRequiredFlag, false);
      assert.equal(auth.value.hashCc, undefined);
      assert.equal(auth.profileMetadata.profileName, 'peers test profile');
      const bpp = s.getBoundProfilePackage(c.prepareDownload(auth.bytes));
      assert.ok(bpp.segments.length > 5);

      const opened = c.load(bpp.segments);
      assert.ok(opened.upp.equals(profile.upp));
      assert.equal(parseProfile(opened.upp).iccid, profile.iccid);
      const meta = opened.storeMetadata.value as Record<string, any>;
      assert.deepEqual(Buffer.from(meta.iccid), profile.iccidBcd);
      assert.equal(meta.serviceProviderName, profile.serviceProviderName);
      assert.equal(meta.profileClass, 2);
      assert.deepEqual(meta.notificationConfigurationInfo, [{ profileManagementOperation: ['notificationInstall'], notificationAddress: ADDRESS }]);
      // The session is closed: the same PrepareDownloadResponse is no longer accepted.
      rejects(() => s.getBoundProfilePackage(c.prepareDownload(auth.bytes)), 'GetBoundProfilePackage', 'invalidTransactionId');
    });

    it('refuses a bad euiccSignature1 and a serverChallenge of another session', () => {
      const s = server(curve), c = card(curve);
      const init = s.initiateAuthentication(c.challenge, c.euiccInfo1());
      const response = c.authenticateServer(init.bytes);
      rejects(() => s.authenticateClient(flipSignature(response, 'AuthenticateServerResponse', 0xbf38, 0xa0)), 'AuthenticateClient', 'euiccSignatureInvalid', /euiccSignature1/);
      rejects(() => s.authenticateClient(c.authenticateServer(init.bytes, (signed) => { signed.serverChallenge = Buffer.alloc(16); })),
        'AuthenticateClient', 'euiccSignatureInvalid', /serverChallenge/);
      // Neither refusal consumed the session.
      assert.equal(s.authenticateClient(response).eid, c.eid);
    });

    it('refuses a bad euiccSignature2', () => {
      const s = server(curve), c = card(curve);
      const auth = s.authenticateClient(c.authenticateServer(s.initiateAuthentication(c.challenge, c.euiccInfo1()).bytes));
      const bad = flipSignature(c.prepareDownload(auth.bytes), 'PrepareDownloadResponse', 0xbf21, 0xa0);
      rejects(() => s.getBoundProfilePackage(bad), 'GetBoundProfilePackage', 'euiccSignatureInvalid', /euiccSignature2/);
    });

    const chainCases: [variant: string, reason: DownloadErrorReason, detail: RegExp][] = [
      ['euicc-eum-unknown-ci', 'ciPKUnknown', /intermediates\[0\]: no trusted CI/],
      ['euicc-expired', 'euiccCertificateExpired', /leaf: expired/],
      ['euicc-eum-expired', 'eumCertificateExpired', /intermediates\[0\]: expired/],
      ['euicc-not-yet-valid', 'euiccCertificateInvalid', /leaf: not valid before/],
      ['euicc-bad-signature', 'euiccCertificateInvalid', /leaf: signature does not verify/],
      ['euicc-eum-wrong-key-usage', 'eumCertificateInvalid', /intermediates\[0\]: .*lacks keyCertSign/],
      // An EID outside the EUM's permitted range makes the certificate invalid.
      ['euicc-eid-mismatch', 'euiccCertificateInvalid', /leaf: EID \d+ .* is outside the range/],
    ];
    for (const [variant, reason, detail] of chainCases) {
      it(`refuses the eUICC chain ${variant} as ${reason}`, () => {
        const s = server(curve), c = card(curve, `${curve}/defects/${variant}`);
        const init = s.initiateAuthentication(c.challenge, c.euiccInfo1());
        rejects(() => s.authenticateClient(c.authenticateServer(init.bytes)), 'AuthenticateClient', reason, detail);
      });
    }

    it('refuses an eUICC other than the download order\'s (eidMismatch) and another matchingId', () => {
      const c = card(curve);
      const other = `${c.eid.slice(0, -2)}${c.eid.endsWith('00') ? '11' : '00'}`;
      let s = server(curve, { eid: other });
      rejects(() => s.authenticateClient(c.authenticateServer(s.initiateAuthentication(c.challenge, c.euiccInfo1()).bytes)), 'AuthenticateClient', 'eidMismatch', new RegExp(c.eid));
      s = server(curve, { eid: c.eid, matchingId: 'ORDER-1' });
      const init = s.initiateAuthentication(c.challenge, c.euiccInfo1());
      rejects(() => s.authenticateClient(c.authenticateServer(init.bytes, (signed) => {
        signed.ctxParams1.ctxParamsForCommonAuthentication.matchingId = 'ORDER-2';
      })), 'AuthenticateClient', 'matchingIdRefused', /ORDER-2/);
    });

    it('checks the confirmation code through hashCc', () => {
      const s = server(curve, { confirmationCode: '1234' }), c = card(curve);
      const start = () => s.authenticateClient(c.authenticateServer(s.initiateAuthentication(c.challenge, c.euiccInfo1()).bytes));
      let auth = start();
      assert.equal(auth.value.smdpSigned2.ccRequiredFlag, true);
      assert.equal(auth.value.hashCc.length, 32);
      assert.ok(c.load(s.getBoundProfilePackage(c.prepareDownload(auth.bytes)).segments).upp.equals(profile.upp));

      const withHash = (hashCc?: Buffer) => {
        const { hashCc: _, ...rest } = auth.value;
        return rsp.encode('PrepareDownloadRequest', hashCc ? { ...rest, hashCc } : rest);
      };
      auth = start();
      rejects(() => s.getBoundProfilePackage(c.prepareDownload(withHash())), 'GetBoundProfilePackage', 'confirmationCodeMissing');
      auth = start();
      rejects(() => s.getBoundProfilePackage(c.prepareDownload(withHash(Buffer.alloc(32, 0x55)))), 'GetBoundProfilePackage', 'confirmationCodeRefused');
    });

    it('refuses unknown sessions, another address, other SVNs and CIs it does not share with the eUICC', () => {
      const s = server(curve), c = card(curve);
      rejects(() => s.initiateAuthentication(c.challenge, c.euiccInfo1(), 'other.example.com'), 'InitiateAuthentication', 'invalidDpAddress');
      for (const svn of ['010000', '030000']) {
        rejects(() => s.initiateAuthentication(c.challenge, { ...c.euiccInfo1(), svn: Buffer.from(svn, 'hex') }), 'InitiateAuthentication', 'euiccVersionNotSupportedByDp', /outside the versions served, 2\.0\.0\.\.2\.255\.255/);
      }
      const stranger = { ...c.euiccInfo1(), euiccCiPKIdListForVerification: [Buffer.alloc(20, 1)] };
      rejects(() => s.initiateAuthentication(c.challenge, stranger), 'InitiateAuthentication', 'serverAuthCertificateUnavailable', /ForVerification/);
      const noSigning = { ...c.euiccInfo1(), euiccCiPKIdListForSigning: [Buffer.alloc(20, 1)] };
      rejects(() => s.initiateAuthentication(c.challenge, noSigning), 'InitiateAuthentication', 'ciPKIdNotSupported', /ForSigning/);
      rejects(() => s.initiateAuthentication(c.challenge, { ...noSigning, euiccCiPKIdListForVerification: [Buffer.alloc(20, 1)] }), 'InitiateAuthentication', 'ciPKIdNotSupported');
      // The card answers a session this server never opened.
      const elsewhere = server(curve).initiateAuthentication(c.challenge, c.euiccInfo1());
      rejects(() => s.authenticateClient(c.authenticateServer(elsewhere.bytes)), 'AuthenticateClient', 'invalidTransactionId');
      // A PrepareDownloadResponse for a session not yet through AuthenticateClient.
      const init = s.initiateAuthentication(c.challenge, c.euiccInfo1());
      const early = codec('SGP32Definitions').encode('PrepareDownloadResponse', {
        downloadResponseOk: { euiccSigned2: { transactionId: init.transactionId, euiccOtpk: generateOneTimeKey(curve).publicKey }, euiccSignature2: Buffer.alloc(64) },
      });
      rejects(() => s.getBoundProfilePackage(early), 'GetBoundProfilePackage', 'invalidTransactionId', /authenticating/);
    });

    it('offers the earlier otPK.EUICC on a retry: the same one reuses otSK.DP, another is bound anew or refused', () => {
      const terms: OrderTerms = {};
      const s = server(curve, { authorize: () => terms }), c = card(curve);
      const smdpOtpk = (bpp: BoundProfilePackageOutput) => Buffer.from(rsp.decode('BoundProfilePackage', bpp.der).initialiseSecureChannelRequest.smdpOtpk);
      const authenticate = () => s.authenticateClient(c.authenticateServer(s.initiateAuthentication(c.challenge, c.euiccInfo1()).bytes));
      let auth = authenticate();
      assert.equal(auth.value.smdpSigned2.bppEuiccOtpk, undefined, 'nothing bound yet');
      const first = s.getBoundProfilePackage(c.prepareDownload(auth.bytes));
      assert.equal(first.reusedBinding, false);
      assert.deepEqual(first.binding.smdpOtk.publicKey, smdpOtpk(first));

      terms.earlierBinding = first.binding;
      auth = authenticate();
      assert.deepEqual(Buffer.from(auth.value.smdpSigned2.bppEuiccOtpk), Buffer.from(first.binding.euiccOtpk));
      const same = s.getBoundProfilePackage(c.prepareDownload(auth.bytes));
      assert.equal(same.reusedBinding, true);
      assert.deepEqual(smdpOtpk(same), smdpOtpk(first));
      assert.ok(c.load(same.segments).upp.equals(profile.upp));

      c.loseOneTimeKey();
      auth = authenticate();
      const rebound = s.getBoundProfilePackage(c.prepareDownload(auth.bytes));
      assert.equal(rebound.reusedBinding, false);
      assert.notDeepEqual(smdpOtpk(rebound), smdpOtpk(first));
      assert.ok(c.load(rebound.segments).upp.equals(profile.upp));

      Object.assign(terms, { earlierBinding: rebound.binding, rebindingAllowed: false });
      c.loseOneTimeKey();
      auth = authenticate();
      rejects(() => s.getBoundProfilePackage(c.prepareDownload(auth.bytes)), 'GetBoundProfilePackage', 'bppRebindingRefused', /may not be bound again/);
      terms.offerEarlierOtpk = false;
      assert.equal(authenticate().value.smdpSigned2.bppEuiccOtpk, undefined);
    });

    it('protects the profile with PPKs (ReplaceSessionKeys) and puts the order\'s PPRs in StoreMetadata', () => {
      const ppk = { initialMcv: Buffer.alloc(16, 1), sEnc: Buffer.alloc(16, 2), sMac: Buffer.alloc(16, 3) };
      const s = server(curve, { authorize: () => ({ ppk, profilePolicyRules: ['ppr2'] }) }), c = card(curve);
      const auth = s.authenticateClient(c.authenticateServer(s.initiateAuthentication(c.challenge, c.euiccInfo1()).bytes));
      assert.deepEqual(auth.profileMetadata.profilePolicyRules, ['ppr2']);
      const opened = c.load(s.getBoundProfilePackage(c.prepareDownload(auth.bytes)).segments);
      assert.deepEqual(Buffer.from(opened.replaceSessionKeys!.value.ppkEnc), ppk.sEnc);
      assert.deepEqual((opened.storeMetadata.value as Record<string, unknown>).profilePolicyRules, ['ppr2']);
      assert.ok(opened.upp.equals(profile.upp));
    });

    it('drops a session idle past sessionTimeoutMs, on its next call or when a new session starts', () => {
      let now = Date.now();
      const expired: string[] = [];
      const s = server(curve, { sessionTimeoutMs: 1000, now: () => new Date(now), onSessionExpired: (tx) => expired.push(toHex(tx)) }), c = card(curve);
      let init = s.initiateAuthentication(c.challenge, c.euiccInfo1());
      now += 1000;
      const auth = s.authenticateClient(c.authenticateServer(init.bytes));
      now += 1001;
      rejects(() => s.getBoundProfilePackage(c.prepareDownload(auth.bytes)), 'GetBoundProfilePackage', 'invalidTransactionId', /idle 1001 ms, past the session timeout of 1000 ms/);
      assert.deepEqual(expired, [toHex(init.transactionId)]);
      init = s.initiateAuthentication(c.challenge, c.euiccInfo1());
      now += 5000;
      s.initiateAuthentication(c.challenge, c.euiccInfo1());
      assert.deepEqual(expired.at(-1), toHex(init.transactionId));
      assert.throws(() => server(curve, { sessionTimeoutMs: 0 }), (e) => e instanceof DownloadConfigError && e.field === 'sessionTimeoutMs');
      assert.throws(() => server(curve, { supportedSvn: { min: '2.x', max: '2.5.0' } }), (e) => e instanceof DownloadConfigError && e.field === 'supportedSvn.min');
    });

    it('ends the session when the eUICC answers PrepareDownload with an error', () => {
      const s = server(curve), c = card(curve);
      const auth = s.authenticateClient(c.authenticateServer(s.initiateAuthentication(c.challenge, c.euiccInfo1()).bytes));
      const error = codec('SGP32Definitions').encode('PrepareDownloadResponse', { downloadResponseError: { transactionId: auth.transactionId, downloadErrorCode: 127 } });
      rejects(() => s.getBoundProfilePackage(error), 'GetBoundProfilePackage', 'undefinedError', /downloadErrorCode 127; RSP session ended/);
      rejects(() => s.getBoundProfilePackage(c.prepareDownload(auth.bytes)), 'GetBoundProfilePackage', 'invalidTransactionId');
    });

    it('sends corrupted signatures when its hooks say so, and the card refuses them', () => {
      const s = server(curve), c = card(curve);
      s.hooks.corruptSignature('serverSignature1');
      let init = s.initiateAuthentication(c.challenge, c.euiccInfo1());
      rejects(() => s.authenticateClient(c.authenticateServer(init.bytes)), 'AuthenticateClient', 'undefinedError', /authenticateResponseError with authenticateErrorCode 2/);
      s.hooks.corruptSignature('smdpSignature2');
      init = s.initiateAuthentication(c.challenge, c.euiccInfo1());
      const auth = s.authenticateClient(c.authenticateServer(init.bytes));
      rejects(() => s.getBoundProfilePackage(c.prepareDownload(auth.bytes)), 'GetBoundProfilePackage', 'undefinedError', /downloadResponseError with downloadErrorCode 2/);
      // Each hook fired once.
      const next = s.authenticateClient(c.authenticateServer(s.initiateAuthentication(c.challenge, c.euiccInfo1()).bytes));
      assert.ok(c.load(s.getBoundProfilePackage(c.prepareDownload(next.bytes)).segments).upp.equals(profile.upp));
    });
  });
}

describe('SM-DP+ download set-up', () => {
  it('refuses credentials on another curve than the server\'s', () => {
    assert.throws(() => new DownloadServer({
      pki: { dpAuth: credential('brp/dpAuth'), dpPb: credential('nist/dpPb'), ciTrust: [cert('nist/ci').der] }, serverAddress: ADDRESS, curve: 'nist',
    }), (e) => e instanceof DownloadConfigError && e.field === 'pki.dpAuth');
    assert.throws(() => server('nist', { pki: { dpAuth: credential('nist/dpAuth'), dpPb: credential('nist/dpPb'), ciTrust: [cert('brp/ci').der] } }),
      (e) => e instanceof DownloadConfigError && e.field === 'pki.ciTrust');
  });

  it('takes its credentials from a PkiStore', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgp32-smdpp-'));
    try {
      writePki(dir, pki);
      const s = DownloadServer.fromStore(PkiStore.fromManifest(dir), { serverAddress: ADDRESS, curve: 'nist', profile });
      const c = card('nist');
      const auth = s.authenticateClient(c.authenticateServer(s.initiateAuthentication(c.challenge, c.euiccInfo1()).bytes));
      assert.ok(c.load(s.getBoundProfilePackage(c.prepareDownload(auth.bytes)).segments).upp.equals(profile.upp));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
