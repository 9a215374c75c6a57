/**
 * ES9+ over real HTTPS: the JSON members have the forms the public peers use, every function
 * carries schema-drawn messages on both bindings and curves, and failures travel as status codes
 * (JSON) or error alternatives (ASN.1) and come back as FunctionFailedError.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arbitraryFor, codec, tlv, X509Value } from '../../../src/asn1';
import {
  AsnValue, ES9PLUS_FUNCTIONS, Es9PlusClient, Es9PlusContext, Es9PlusFunction, es9plusServer, FunctionFailedError, FunctionFailure,
  HttpServer, HttpStatusError, jsonToSequence, sequenceToJson,
} from '../../../src/transport/http';
import { CURVES, failure, pems, rawPost, testPki, TraceLog } from './fixture';

const rsp = codec('RSPDefinitions');
const RUNS = 4;
const draw = (type: string, n: number, seed: number) => fc.sample(arbitraryFor(rsp.node(type)), { numRuns: n, seed }) as AsnValue[];
const JSON_HEADERS = { 'Content-Type': 'application/json;charset=UTF-8', 'X-Admin-Protocol': 'gsma/rsp/v2.1.0' };
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const unb64 = (text: unknown) => Buffer.from(String(text), 'base64').toString('hex').toUpperCase();

const TYPES = Object.values(ES9PLUS_FUNCTIONS).flatMap((f) => [f.requestType, ...('result' in f ? [f.result.okType] : [])]);

describe('ES9+ JSON members', () => {
  for (const type of TYPES) {
    it(`${type}: JSON -> value -> JSON round trip`, () => {
      fc.assert(fc.property(arbitraryFor(rsp.node(type)), (value) => {
        const json = sequenceToJson(rsp, type, value as AsnValue);
        assert.ok(Object.values(json).every((v) => typeof v === 'string'));
        assert.deepStrictEqual(jsonToSequence(rsp, type, json), value);
      }), { numRuns: 30 });
    });
  }
});

describe('ES9+ servers and clients', () => {
  const servers = new Map<string, HttpServer>();
  const received: AsnValue[] = [];
  const contexts: Es9PlusContext[] = [];
  const queued: (AsnValue | FunctionFailure | undefined)[] = [];
  const trace = new TraceLog();
  const handler = (request: AsnValue, ctx: Es9PlusContext) => {
    received.push(request);
    contexts.push(ctx);
    return queued.shift();
  };
  before(async () => {
    const handlers = Object.fromEntries(Object.keys(ES9PLUS_FUNCTIONS).map((fn) => [fn, handler]));
    for (const curve of CURVES) servers.set(curve, await es9plusServer({ tls: { credential: testPki().get('dpTls', curve) }, handlers, trace }));
    servers.set('strict', await es9plusServer({ tls: { credential: testPki().get('dpTls', 'nist') }, handlers, requireRequestHeader: true }));
  });
  after(async () => {
    for (const s of servers.values()) await s.close();
  });
  const client = (curve: 'nist' | 'brp', extra: object = {}) => new Es9PlusClient({ baseUrl: servers.get(curve)!.url, trust: testPki().trustedCis(curve), ...extra });

  it('InitiateAuthentication JSON as lpac sends it and as osmo-smdpp answers it', async () => {
    const dpAuth = testPki().get('dpAuth', 'nist');
    const transactionId = '0102030405060708090A0B0C0D0E0F10';
    const signature = 'AB'.repeat(64);
    const keyId = 'F54172BDF98A95D65CBEB88A38A1C11D800A85C3';
    queued.push({
      transactionId: Buffer.from(transactionId, 'hex'),
      serverSigned1: { transactionId: Buffer.from(transactionId, 'hex'), euiccChallenge: Buffer.alloc(16, 1), serverAddress: 'testsmdpplus1.example.com', serverChallenge: Buffer.alloc(16, 2) },
      serverSignature1: Buffer.from(signature, 'hex'),
      euiccCiPKIdToBeUsed: Buffer.from(keyId, 'hex'),
      serverCertificate: new X509Value('Certificate', dpAuth.cert.raw),
    });
    const euiccInfo1 = rsp.encode('EUICCInfo1', { svn: Buffer.from('020200', 'hex'), euiccCiPKIdListForVerification: [Buffer.from(keyId, 'hex')], euiccCiPKIdListForSigning: [Buffer.from(keyId, 'hex')] });
    const r = await rawPost(`${servers.get('nist')!.url}/gsma/rsp2/es9plus/initiateAuthentication`, JSON.stringify({
      smdpAddress: 'testsmdpplus1.example.com', euiccChallenge: b64('11'.repeat(16)), euiccInfo1: Buffer.from(euiccInfo1).toString('base64'),
    }), { headers: JSON_HEADERS, ca: pems(testPki(), 'nist') });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json;charset=UTF-8');
    assert.deepEqual(received.at(-1), {
      euiccChallenge: new Uint8Array(16).fill(0x11), smdpAddress: 'testsmdpplus1.example.com', euiccInfo1: rsp.decode('EUICCInfo1', euiccInfo1),
    });
    assert.equal(contexts.at(-1)!.header, undefined, 'no request header');
    const json = JSON.parse(r.body.toString());
    assert.deepEqual(json.header, { functionExecutionStatus: { status: 'Executed-Success' } });
    assert.equal(json.transactionId, transactionId);
    assert.equal(unb64(json.serverSignature1), `5F3740${signature}`);
    assert.equal(unb64(json.euiccCiPKIdToBeUsed), `0414${keyId}`);
    assert.equal(unb64(json.serverCertificate), dpAuth.cert.raw.toString('hex').toUpperCase());
    assert.match(unb64(json.serverSigned1), /^30[0-9A-F]{2}8010/);
    assert.deepEqual(Object.keys(json).sort(), ['euiccCiPKIdToBeUsed', 'header', 'serverCertificate', 'serverSignature1', 'serverSigned1', 'transactionId']);
  });

  for (const curve of CURVES) {
    for (const binding of ['json', 'asn1'] as const) {
      it(`${curve}, ${binding}: every function carries requests and results unchanged`, async () => {
        const cl = client(curve, { binding });
        let seed = 20;
        for (const [fn, spec] of Object.entries(ES9PLUS_FUNCTIONS) as [Es9PlusFunction, (typeof ES9PLUS_FUNCTIONS)[Es9PlusFunction]][]) {
          const requests = draw(spec.requestType, RUNS, seed++);
          const results = 'result' in spec ? draw(spec.result.okType, RUNS, seed++) : [];
          for (let i = 0; i < RUNS; i++) {
            queued.push(results[i]);
            const got = await (cl[fn] as (r: AsnValue) => Promise<AsnValue | void>).call(cl, requests[i]);
            assert.deepStrictEqual(received.at(-1), requests[i], `${fn} request ${i}`);
            if (fn === 'handleNotification' || fn === 'cancelSession') assert.equal(got, undefined);
            else assert.deepStrictEqual(got, results[i], `${fn} result ${i}`);
          }
        }
        if (binding === 'json') assert.equal(contexts.at(-1)!.header?.functionRequesterIdentifier, 'sgp32-harness');
        await cl.close();
      });
    }
  }

  for (const binding of ['json', 'asn1'] as const) {
    it(`${binding}: a request given as DER carries a v1.2 AuthenticateServerResponse with SGP.32 EUICCInfo2 fields byte for byte`, async () => {
      const sgp32 = codec('SGP32Definitions', 'v1.2');
      const transactionId = Buffer.from('A1A2A3A4A5A6A7A8A9AAABACADAEAFB0', 'hex');
      const euiccInfo2 = {
        profileVersion: Buffer.from('020300', 'hex'), svn: Buffer.from('020500', 'hex'), euiccFirmwareVer: Buffer.from('010000', 'hex'),
        extCardResource: Buffer.from('810100', 'hex'), uiccCapability: ['usimSupport'], rspCapability: ['additionalProfile'],
        euiccCiPKIdListForVerification: [Buffer.alloc(20, 7)], euiccCiPKIdListForSigning: [Buffer.alloc(20, 7)],
        ppVersion: Buffer.from('010000', 'hex'), sasAcreditationNumber: 'SAS-1', ipaMode: 1, iotSpecificInfo: { iotVersion: [Buffer.from('010200', 'hex')] },
      };
      const response = Buffer.from(sgp32.encode('AuthenticateServerResponse', {
        authenticateResponseOk: {
          euiccSigned1: {
            transactionId, serverAddress: 'testsmdpplus1.example.com', serverChallenge: Buffer.alloc(16, 9), euiccInfo2,
            ctxParams1: { ctxParamsForCommonAuthentication: { matchingId: 'M-1', deviceInfo: { tac: Buffer.from('35290611', 'hex'), deviceCapabilities: {} } } },
          },
          euiccSignature1: Buffer.alloc(64, 0x5a),
          euiccCertificate: new X509Value('Certificate', testPki().get('euicc', 'nist').cert.raw),
          eumCertificate: new X509Value('Certificate', testPki().get('eum', 'nist').cert.raw),
        },
      }));
      // Through RSPDefinitions the SGP.32 fields would be lost, and euiccSignature1 with them.
      assert.notDeepEqual(Buffer.from(rsp.encode('AuthenticateServerResponse', rsp.decode('AuthenticateServerResponse', response))), response);
      const request = tlv(0xbf3b, Buffer.concat([tlv(0x80, transactionId), response]));
      queued.push(draw('AuthenticateClientOk', 1, 40)[0]);
      try {
        await client('nist', { binding }).authenticateClient(request);
      } finally {
        queued.length = 0; // a request the server refused left its answer queued
      }
      const body = Buffer.from(contexts.at(-1)!.body);
      if (binding === 'asn1') {
        assert.deepEqual(body, tlv(0xa2, request), 'the RemoteProfileProvisioningRequest around the DER given');
      } else {
        const json = JSON.parse(body.toString('utf8'));
        assert.deepEqual(Buffer.from(json.authenticateServerResponse, 'base64'), response);
        assert.equal(json.transactionId, transactionId.toString('hex').toUpperCase());
      }
      assert.deepEqual(Buffer.from(received.at(-1)!.transactionId), transactionId);
    });
  }

  it('HandleNotification succeeds with 204 and an empty body', async () => {
    trace.events.length = 0;
    queued.push(undefined);
    await client('nist').handleNotification(draw('HandleNotification', 1, 3)[0]);
    const answer = trace.events.find((e) => e.direction === 'out' && e.endpoint.startsWith('https '))!;
    assert.equal(answer.bytes.length, 0);
  });

  it('JSON: a failure is HTTP 200 with status Failed and its status code, thrown as FunctionFailedError', async () => {
    trace.events.length = 0;
    queued.push({ subjectCode: '8.10.1', reasonCode: '3.9', message: 'RSP session unknown' });
    const e = await failure(client('brp').getBoundProfilePackage(draw('GetBoundProfilePackageRequest', 1, 4)[0]));
    assert.ok(e instanceof FunctionFailedError, String(e));
    assert.equal(e.status, 'Failed');
    assert.deepEqual(e.statusCodeData, { subjectCode: '8.10.1', reasonCode: '3.9', message: 'RSP session unknown' });
    const answer = JSON.parse(Buffer.from(trace.events.find((x) => x.direction === 'out')!.bytes).toString());
    assert.deepEqual(answer, { header: { functionExecutionStatus: { status: 'Failed', statusCodeData: { subjectCode: '8.10.1', reasonCode: '3.9', message: 'RSP session unknown' } } } });
    queued.push({ subjectCode: '8.8.5', reasonCode: '4.10', status: 'Expired' });
    const expired = await failure(client('brp').getBoundProfilePackage(draw('GetBoundProfilePackageRequest', 1, 4)[0]));
    assert.ok(expired instanceof FunctionFailedError && expired.status === 'Expired', String(expired));
  });

  it('ASN.1: a failure is the error alternative, mapped from and back to its status code', async () => {
    trace.events.length = 0;
    const cl = client('nist', { binding: 'asn1' });
    queued.push({ subjectCode: '8.1.3', reasonCode: '6.3', message: 'expired' });
    const e = await failure(cl.authenticateClient(draw('AuthenticateClientRequest', 1, 5)[0]));
    assert.ok(e instanceof FunctionFailedError, String(e));
    assert.equal(e.asn1Error, 'euiccCertificateExpired');
    assert.deepEqual(e.statusCodeData, { subjectCode: '8.1.3', reasonCode: '6.3' });
    // RSPDefinitions has AUTOMATIC TAGS: the INTEGER alternative is [1], 81.
    const wire = trace.events.find((x) => x.direction === 'out')!.bytes;
    assert.equal(Buffer.from(wire).toString('hex').toUpperCase(), 'A206BF3B03810104');

    queued.push({ subjectCode: '9.9', reasonCode: '9.9', asn1Error: 'bppRebindingRefused' });
    const named = await failure(cl.getBoundProfilePackage(draw('GetBoundProfilePackageRequest', 1, 6)[0]));
    assert.ok(named instanceof FunctionFailedError && named.asn1Error === 'bppRebindingRefused' && !named.statusCodeData, String(named));

    queued.push({ subjectCode: '8.8.4', reasonCode: '3.7' });
    const none = await failure(cl.initiateAuthentication(draw('InitiateAuthenticationRequest', 1, 7)[0]));
    assert.ok(none instanceof HttpStatusError && none.status === 500, String(none));
    assert.match(none.body.toString(), /no error code for 8\.8\.4\/3\.7/);
    await cl.close();
  });

  it('requests without the header are refused by a server that requires it; clients can leave it out', async () => {
    const url = `${servers.get('strict')!.url}/gsma/rsp2/es9plus/handleNotification`;
    const body = sequenceToJson(rsp, 'HandleNotification', draw('HandleNotification', 1, 8)[0]);
    const r = await rawPost(url, JSON.stringify(body), { headers: JSON_HEADERS, ca: pems(testPki(), 'nist') });
    assert.equal(r.status, 400);
    assert.match(r.body.toString(), /functionRequesterIdentifier/);
    queued.push(undefined);
    await client('nist', { requestHeader: false }).handleNotification(draw('HandleNotification', 1, 8)[0]);
    assert.equal(contexts.at(-1)!.header, undefined);
  });

  it('refuses JSON members it cannot map with 400 naming the member', async () => {
    const url = `${servers.get('nist')!.url}/gsma/rsp2/es9plus/initiateAuthentication`;
    const send = (json: object) => rawPost(url, JSON.stringify(json), { headers: JSON_HEADERS, ca: pems(testPki(), 'nist') });
    const notBase64 = await send({ smdpAddress: 'x', euiccChallenge: 'not base64!', euiccInfo1: 'vyA=' });
    assert.equal(notBase64.status, 400);
    assert.match(notBase64.body.toString(), /euiccChallenge: not base64/);
    const missing = await send({ smdpAddress: 'x', euiccChallenge: b64('00'.repeat(16)) });
    assert.equal(missing.status, 400);
    assert.match(missing.body.toString(), /InitiateAuthenticationRequest\.euiccInfo1.*missing-field/);
    const short = await send({ smdpAddress: 'x', euiccChallenge: b64('00'.repeat(8)), euiccInfo1: b64('BF2000') });
    assert.equal(short.status, 400);
    assert.match(short.body.toString(), /InitiateAuthenticationRequest\.euiccChallenge/);
  });
});
