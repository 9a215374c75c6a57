/** ES9+ exchanges of S_IPA (with S_eUICC behind it) and what the SM-DP+ must answer. */
import { randomBytes } from 'node:crypto';
import { Then, When } from '@cucumber/cucumber';
import { codec } from '../../src/asn1';
import { parseCertificate } from '../../src/pki';
import { smdppBench, SmdppBench } from '../../src/bench/smdpp/bench';
import { ANY, expectMatch, where } from '../../src/bench/matchers';
import { HarnessWorld } from '../support/world';

const bench = (w: HarnessWorld): Promise<SmdppBench> => smdppBench(w);
/** SGP.22 CancelSessionReason. */
const CANCEL_REASON: Record<string, number> = {
  endUserRejection: 0, postponed: 1, timeout: 2, pprNotAllowed: 3, metadataMismatch: 4, loadBppExecutionError: 5, undefinedReason: 127,
};
const reasonOf = (name: string): number => CANCEL_REASON[name] ?? (() => { throw new Error(`unknown CancelSessionReason '${name}'`); })();
const ciKeyId = (b: SmdppBench) => parseCertificate(b.ctx.pki.trustedCis(b.curve)[0]).subjectKeyId!;
const euiccInfo1 = (verification: Uint8Array[], signing: Uint8Array[]) =>
  codec('RSPDefinitions').encode('EUICCInfo1', { svn: Buffer.from('020500', 'hex'), euiccCiPKIdListForVerification: verification, euiccCiPKIdListForSigning: signing });

// ---- InitiateAuthentication ---------------------------------------------------------------

When('S_IPA sends InitiateAuthentication to the SM-DP+', async function (this: HarnessWorld) {
  await (await bench(this)).initiateAuthentication();
});

When('S_IPA sends InitiateAuthentication to the SM-DP+ twice', async function (this: HarnessWorld) {
  const b = await bench(this);
  for (let i = 0; i < 2; i++) b.accept('InitiateAuthentication', await b.initiateAuthentication());
});

When('S_IPA sends InitiateAuthentication to the SM-DP+ for the address {word}', async function (this: HarnessWorld, address: string) {
  await (await bench(this)).initiateAuthentication({ address });
});

When('S_IPA sends InitiateAuthentication to the SM-DP+ naming only CI keys it does not know', async function (this: HarnessWorld) {
  await (await bench(this)).initiateAuthentication({ euiccInfo1: euiccInfo1([randomBytes(20)], [randomBytes(20)]) });
});

When('S_IPA sends InitiateAuthentication to the SM-DP+ with no CI to verify CERT.DPauth with', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.initiateAuthentication({ euiccInfo1: euiccInfo1([randomBytes(20)], [ciKeyId(b)]) });
});

Then('the SM-DP+ answers serverSigned1 with S_eUICC\'s challenge and its own address', async function (this: HarnessWorld) {
  const b = await bench(this);
  const s = b.requireSession();
  expectMatch('InitiateAuthentication answer', b.accepted('InitiateAuthentication'), {
    transactionId: where('1 to 16 octets', (v: Uint8Array) => v.length >= 1 && v.length <= 16),
    serverSigned1: { transactionId: s.transactionId, euiccChallenge: s.euiccChallenge, serverAddress: b.target.address, serverChallenge: where('16 octets', (v: Uint8Array) => v.length === 16) },
    euiccCiPKIdToBeUsed: ciKeyId(b), serverCertificate: ANY,
  });
});

Then('serverSignature1 verifies with the SM-DP+\'s CERT.DPauth, which chains to the CI', async function (this: HarnessWorld) {
  (await bench(this)).checkServerSignature1();
});

Then('the SM-DP+ issued a different transactionId and serverChallenge for each session', async function (this: HarnessWorld) {
  const { issued } = await bench(this);
  expectMatch('issued session values', {
    transactionIds: new Set(issued.map((x) => x.transactionId)).size, serverChallenges: new Set(issued.map((x) => x.serverChallenge)).size,
  }, { transactionIds: issued.length, serverChallenges: issued.length });
});

// ---- AuthenticateClient -------------------------------------------------------------------

When('S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.accept('InitiateAuthentication', await b.initiateAuthentication());
  await b.authenticateClient();
});

When('S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+ with matchingId {word}', async function (this: HarnessWorld, matchingId: string) {
  const b = await bench(this);
  b.accept('InitiateAuthentication', await b.initiateAuthentication());
  await b.authenticateClient({ matchingId });
});

When('S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+ without matchingId', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.accept('InitiateAuthentication', await b.initiateAuthentication());
  await b.authenticateClient({ matchingId: null });
});

When('S_IPA sends InitiateAuthentication and AuthenticateClient to the SM-DP+ with an empty matchingId', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.accept('InitiateAuthentication', await b.initiateAuthentication());
  await b.authenticateClient({ matchingId: '' });
});

When('S_IPA sends AuthenticateClient to the SM-DP+ for the order', async function (this: HarnessWorld) {
  await (await bench(this)).authenticateClient();
});

When('S_IPA sends AuthenticateClient to the SM-DP+ under a transactionId other than the session\'s', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.accept('InitiateAuthentication', await b.initiateAuthentication());
  await b.authenticateClient({ outerTransactionId: randomBytes(16) });
});

When('S_IPA sends AuthenticateClient to the SM-DP+ with a transactionId it never issued, signed by S_eUICC', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.accept('InitiateAuthentication', await b.initiateAuthentication());
  const unknown = randomBytes(16);
  await b.authenticateClient({ outerTransactionId: unknown, change: (signed) => { signed.transactionId = unknown; } });
});

When('S_IPA sends AuthenticateClient to the SM-DP+ whose euiccSigned1 names a transactionId it never issued', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.accept('InitiateAuthentication', await b.initiateAuthentication());
  await b.authenticateClient({ change: (signed) => { signed.transactionId = randomBytes(16); } });
});

When('S_IPA sends AuthenticateClient to the SM-DP+ whose euiccSigned1 carries another serverChallenge', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.accept('InitiateAuthentication', await b.initiateAuthentication());
  await b.authenticateClient({ change: (signed) => { signed.serverChallenge = randomBytes(16); } });
});

When('S_IPA sends AuthenticateClient to the SM-DP+ with a corrupted euiccSignature1', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.accept('InitiateAuthentication', await b.initiateAuthentication());
  await b.authenticateClient({ corruptSignature: true });
});

Then('the SM-DP+ answers smdpSigned2 for the session with ccRequiredFlag {word}', async function (this: HarnessWorld, flag: string) {
  const b = await bench(this);
  const s = b.requireSession();
  expectMatch('AuthenticateClient answer', b.accepted('AuthenticateClient'), {
    transactionId: s.transactionId, smdpSigned2: { transactionId: s.transactionId, ccRequiredFlag: flag === 'true' }, smdpCertificate: ANY,
  });
});

Then('the SM-DP+\'s profile metadata names the ordered ICCID', async function (this: HarnessWorld) {
  const b = await bench(this);
  expectMatch('AuthenticateClient profileMetaData', b.accepted('AuthenticateClient').profileMetaData, { iccid: b.iccidBytes() });
});

Then('smdpSignature2 verifies with the SM-DP+\'s CERT.DPpb, which chains to the CI', async function (this: HarnessWorld) {
  (await bench(this)).checkSmdpSignature2();
});

Then('the EUICCInfo2 S_eUICC signed carries the SGP.32 IoT fields', async function (this: HarnessWorld) {
  const b = await bench(this);
  const answer = b.euicc.codec.decode<Record<string, any>>('AuthenticateServerResponse', b.requireSession().authenticateServerResponse!);
  expectMatch('euiccSigned1 as S_eUICC sent it', answer.authenticateResponseOk?.euiccSigned1, { euiccInfo2: { ipaMode: ANY, iotSpecificInfo: { iotVersion: ANY } } });
});

// ---- GetBoundProfilePackage ---------------------------------------------------------------

When('S_IPA sends GetBoundProfilePackage to the SM-DP+', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.prepareDownload();
  await b.getBoundProfilePackage();
});

When('S_IPA downloads the order\'s Bound Profile Package from the SM-DP+', async function (this: HarnessWorld) {
  await (await bench(this)).bound();
});

When('S_IPA sends GetBoundProfilePackage to the SM-DP+ with confirmation code {word}', async function (this: HarnessWorld, code: string) {
  const b = await bench(this);
  await b.prepareDownload(code);
  await b.getBoundProfilePackage();
});

When('S_IPA sends GetBoundProfilePackage to the SM-DP+ without hashCc', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.prepareDownload('omit');
  await b.getBoundProfilePackage();
});

When('S_IPA sends GetBoundProfilePackage to the SM-DP+ with a corrupted euiccSignature2', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.euicc.euicc.hooks.corruptSignatures();
  await b.prepareDownload();
  await b.getBoundProfilePackage();
});

When('S_IPA sends GetBoundProfilePackage to the SM-DP+ under a transactionId it never issued', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.prepareDownload();
  await b.getBoundProfilePackage({ transactionId: randomBytes(16) });
});

When('S_IPA sends GetBoundProfilePackage to the SM-DP+ with S_eUICC\'s PrepareDownload error {int}', async function (this: HarnessWorld, code: number) {
  const b = await bench(this);
  b.euicc.euicc.hooks.respondWith('ES10b.PrepareDownload', { downloadResponseError: { transactionId: b.requireSession().transactionId, downloadErrorCode: code } });
  await b.prepareDownload();
  await b.getBoundProfilePackage();
});

When('S_IPA tries the order with confirmation code {word} until the SM-DP+ ends it', async function (this: HarnessWorld, code: string) {
  const b = await bench(this);
  for (let i = 1; i <= b.target.confirmationCodeAttempts; i++) {
    b.accept('InitiateAuthentication', await b.initiateAuthentication());
    b.accept('AuthenticateClient', await b.authenticateClient());
    await b.prepareDownload(code);
    await b.getBoundProfilePackage();
    b.expectSomeRefusal(`GetBoundProfilePackage with a wrong confirmation code, attempt ${i}`);
  }
});

When('the RSP session stays idle past the SM-DP+\'s session timeout', async function (this: HarnessWorld) {
  const b = await bench(this);
  const timeout = b.target.sessionTimeoutMs;
  if (timeout === undefined) throw new Error('iut.smdpp.sessionTimeoutMs is not configured (needed for O_DP_SESSION_TIMEOUT)');
  await b.target.letTimePass(timeout + 1_000);
});

Then('the SM-DP+\'s Bound Profile Package installs on S_eUICC', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.accepted('GetBoundProfilePackage');
  await b.loadBpp();
  const s = b.requireSession();
  expectMatch('ProfileInstallationResult of S_eUICC', b.pir(), {
    profileInstallationResultData: { transactionId: s.transactionId, notificationMetadata: { iccid: b.iccidBytes() }, finalResult: { successResult: ANY } },
  });
});

Then('the SM-DP+ offers the earlier otPK.EUICC in smdpSigned2', async function (this: HarnessWorld) {
  const b = await bench(this);
  const earlier = b.previousOtpk;
  if (!earlier) throw new Error('no earlier PrepareDownload in this scenario');
  expectMatch('AuthenticateClient answer (retry)', b.accepted('AuthenticateClient'), { smdpSigned2: { bppEuiccOtpk: earlier } });
});

When('S_IPA runs the download on the SM-DP+ up to {word}', async function (this: HarnessWorld, stage: string) {
  const b = await bench(this);
  if (stage === 'AuthenticateClient') await b.authenticated();
  else if (stage === 'GetBoundProfilePackage') await b.bound();
  else throw new Error(`unknown stage '${stage}' (AuthenticateClient or GetBoundProfilePackage)`);
});

// ---- HandleNotification -------------------------------------------------------------------

When('S_eUICC loads the SM-DP+\'s Bound Profile Package', async function (this: HarnessWorld) {
  await (await bench(this)).loadBpp();
});

When('S_eUICC loads the SM-DP+\'s Bound Profile Package with a corrupted {word} segment', async function (this: HarnessWorld, part: string) {
  const b = await bench(this);
  await b.loadBpp((bpp) => b.corruptBpp(bpp, part));
  expectMatch('ProfileInstallationResult of S_eUICC', b.pir(), { profileInstallationResultData: { finalResult: { errorResult: ANY } } });
});

When('S_IPA sends the ProfileInstallationResult in HandleNotification to the SM-DP+', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.handleNotification(b.requireSession().pir!);
});

// ---- CancelSession ------------------------------------------------------------------------

When('S_IPA sends CancelSession to the SM-DP+ with reason {word}', async function (this: HarnessWorld, reason: string) {
  await (await bench(this)).cancelSession(reasonOf(reason));
});

When('S_IPA sends CancelSession to the SM-DP+ under a transactionId it never issued', async function (this: HarnessWorld) {
  await (await bench(this)).cancelSession(1, { fault: 'transactionId' });
});

When('S_IPA sends CancelSession to the SM-DP+ with a corrupted euiccCancelSessionSignature', async function (this: HarnessWorld) {
  await (await bench(this)).cancelSession(1, { fault: 'signature' });
});

When('S_IPA sends CancelSession to the SM-DP+ naming another SM-DP+\'s OID', async function (this: HarnessWorld) {
  await (await bench(this)).cancelSession(1, { fault: 'oid' });
});

// ---- outcomes -----------------------------------------------------------------------------

Then(/^the SM-DP\+ refuses it with (\d+(?:\.\d+)*) \/ (\d+(?:\.\d+)*)$/, async function (this: HarnessWorld, subject: string, reason: string) {
  (await bench(this)).expectRefused('the SM-DP+\'s answer', subject, reason);
});

Then('the SM-DP+ refuses it', async function (this: HarnessWorld) {
  (await bench(this)).expectSomeRefusal('the SM-DP+\'s answer');
});

Then('the SM-DP+ accepts it', async function (this: HarnessWorld) {
  (await bench(this)).accepted('the SM-DP+\'s answer');
});

Then('the SM-DP+ has ended the RSP session', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.cancelSignedByBench(1);
  b.expectRefused('CancelSession on the ended session', '8.10.1', '3.9');
});

Then('the SM-DP+ still holds the RSP session', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.cancelSignedByBench(1);
  b.accepted('CancelSession of the session (S_eUICC-signed receipt)');
});

Then('S_operator\'s order can be downloaded from the SM-DP+ in a new session', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.downloaded();
  expectMatch('ProfileInstallationResult of S_eUICC', b.pir(), { profileInstallationResultData: { notificationMetadata: { iccid: b.iccidBytes() }, finalResult: { successResult: ANY } } });
});

Then('S_operator\'s order can no longer be downloaded from the SM-DP+', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.accept('InitiateAuthentication', await b.initiateAuthentication());
  await b.authenticateClient();
  this.note(`AuthenticateClient refused: ${b.expectSomeRefusal('AuthenticateClient on the ended order').message}`);
});
