/**
 * The eIM fuzz cases: ESipa requests as the IPA sends them, on either binding. Bases are the
 * realistic requests of the setup (bases.ts) and schema-generated ones of every request type
 * (breadth); a case is a base unmutated (~10%), TLV-mutated (~40%, ASN.1 binding: JSON carries no
 * TLVs), value-mutated (~10%) or a semantic mutation (~40%, semantic.ts). A case must be rejected
 * when its DER does not decode strictly — for JSON, the DER its values stand for — or when its
 * semantic mutation says so. Shrinking ends on the first base, the poll: the smallest request.
 */
import fc, { Arbitrary } from 'fast-check';
import { applyTlvMutation, applyValueMutation, arbitraryFor, tlvMutation, valueMutation } from '../../../asn1';
import { ChoiceNode, peekTag } from '../../../asn1/nodes';
import { ASN1_CONTENT_TYPE, AsnValue, EsipaFunction, ESIPA_JSON_PREFIX, esipaToJson, JSON_CONTENT_TYPE } from '../../../transport/http';
import type { Expectation, FuzzCase } from '../target';
import { alternativeNode, Base, EimFuzzPool, FUNCTION_OF, messageOf, REQUEST } from './bases';
import { Variant } from './semantic';
import { EimFuzzEnv } from './setup';

type Binding = 'asn1' | 'json';

/** What send() needs besides the bytes: the function asked for (JSON: its path). */
export type EimDelivery = {
  readonly fn?: EsipaFunction;
  readonly json?: boolean;
  /** seqNumbers the request hands over (ProvideEimPackageResult, HandleNotification): acknowledging one is accepting it. */
  readonly offered?: readonly number[];
};

const seqOf = (n: AsnValue): unknown =>
  n.profileInstallationResult?.profileInstallationResultData?.notificationMetadata?.seqNumber ?? n.otherSignedNotification?.tbsOtherNotification?.seqNumber;

/** The seqNumbers of the result and notifications a ProvideEimPackageResult (v1.0: its bare EimPackageResult) carries. */
function offeredSeqNumbers(v10: boolean, request: AsnValue): number[] {
  const result = v10 ? request : request.eimPackageResult;
  const epr = result?.euiccPackageResult ?? result?.ePRAndNotifications?.euiccPackageResult;
  const signed = epr && (Object.values(epr)[0] as AsnValue);
  const data = signed?.euiccPackageResultDataSigned ?? signed?.euiccPackageErrorDataSigned;
  const list = result?.ePRAndNotifications?.notificationList;
  const notifications: AsnValue[] = Array.isArray(list) ? list : list?.notificationList ?? [];
  return [data?.seqNumber, ...notifications.map(seqOf)].filter((s) => s !== undefined).map(Number);
}

/** What a request offers for acknowledgement, if it is one that does. */
function offeredBy(v10: boolean, request: AsnValue | undefined): number[] | undefined {
  if (request?.provideEimPackageResult) return offeredSeqNumbers(v10, request.provideEimPackageResult);
  const n = request?.handleNotificationEsipa;
  if (n?.pendingNotification) return [seqOf(n.pendingNotification)].filter((s) => s !== undefined).map(Number);
  if (n?.provideEimPackageResult) return offeredSeqNumbers(v10, n.provideEimPackageResult);
  return undefined;
}

export function eimCases(env: EimFuzzEnv, pool: EimFuzzPool, variants: readonly Variant[]): Arbitrary<FuzzCase> {
  const { c } = env;
  const choice = c.node(REQUEST) as ChoiceNode;
  const v10 = env.version === 'v1.0';
  /** The request the DER strictly decodes to, else undefined. */
  const decoded = (der: Uint8Array): AsnValue | undefined => {
    try {
      return c.decode(REQUEST, der);
    } catch {
      return undefined;
    }
  };
  const delivery = (fn: EsipaFunction | undefined, request: AsnValue | undefined, json?: boolean): EimDelivery => {
    const offered = offeredBy(v10, request);
    return { fn, ...(json && { json }), ...(offered && { offered }) };
  };
  const fnOf = (bytes: Uint8Array): EsipaFunction | undefined => {
    const alternative = choice.byTag.get(peekTag(bytes))?.name;
    return alternative === undefined ? undefined : FUNCTION_OF[alternative];
  };

  const asn1 = (message: string, bytes: Uint8Array, mutation: string, expect: Expectation): FuzzCase => {
    const fn = fnOf(bytes);
    const request = decoded(bytes);
    return {
      channel: `ESipa ASN.1 ${fn ?? 'unknown function'}`, message, mutation, bytes, expect: expect === 'reject' || !request ? 'reject' : 'any', delivery: delivery(fn, request),
    };
  };
  /** The case of a request value (constraints not enforced: mutations break them on purpose). */
  const ofValue = (alternative: string, value: AsnValue, mutation: string, expect: Expectation, binding: Binding): FuzzCase => {
    const message = messageOf(alternative);
    const der = c.encode(REQUEST, { [alternative]: value }, { constraints: false });
    const fn = FUNCTION_OF[alternative];
    if (binding === 'asn1' || !fn) return asn1(message, der, mutation, expect);
    const body = Buffer.from(JSON.stringify(esipaToJson(c, REQUEST, alternative, value)), 'utf8');
    const request = decoded(der);
    return { channel: `ESipa JSON ${fn}`, message, mutation, bytes: body, expect: expect === 'reject' || !request ? 'reject' : 'any', delivery: delivery(fn, request, true) };
  };

  const generated: Arbitrary<Base> = arbitraryFor(choice).map((v) => {
    const [alternative, value] = Object.entries(v as AsnValue)[0] as [string, AsnValue];
    return { fn: FUNCTION_OF[alternative], alternative, message: messageOf(alternative), value, der: c.encode(REQUEST, v) };
  });
  const base: Arbitrary<Base> = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool.bases) }, { weight: 1, arbitrary: generated });
  const BINDINGS: readonly Binding[] = ['asn1', 'json'];
  const binding: Arbitrary<Binding> = fc.constantFrom(...BINDINGS);

  // Cases that depend on nothing drawn but the binding are made once, not encoded again per case.
  const realistic = pool.bases.flatMap((b) => BINDINGS.map((on) => ofValue(b.alternative, b.value, 'none', 'any', on)));
  const unmutated = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...realistic) },
    { weight: 1, arbitrary: fc.tuple(generated, binding).map(([b, on]) => ofValue(b.alternative, b.value, 'none', 'any', on)) },
  );
  const tlv = fc.tuple(base, tlvMutation).map(([b, m]) => {
    const mutated = applyTlvMutation(b.der, m);
    return mutated ? asn1(b.message, mutated.bytes, `tlv ${mutated.description}`, 'any') : asn1(b.message, b.der, 'none', 'any');
  });
  const value = fc.tuple(base, valueMutation, binding).map(([b, m, on]) => {
    const mutated = applyValueMutation(alternativeNode(env, b.alternative), b.value, m);
    return mutated ? ofValue(b.alternative, mutated.value as AsnValue, `value ${mutated.description}`, 'any', on) : ofValue(b.alternative, b.value, 'none', 'any', on);
  });
  const semantic = fc.constantFrom(...variants.flatMap((v) => {
    if (v.value) return BINDINGS.map((on) => ofValue(v.alternative, v.value!, `semantic ${v.name}`, v.expect, on));
    // Raw DER has no JSON form: its one case stands for both bindings, so every variant keeps its weight.
    const raw = asn1(messageOf(v.alternative), v.der!, `semantic ${v.name}`, v.expect);
    return BINDINGS.map(() => raw);
  }));

  return fc.oneof(
    { weight: 10, arbitrary: unmutated },
    { weight: 40, arbitrary: tlv },
    { weight: 10, arbitrary: value },
    { weight: 40, arbitrary: semantic },
  );
}

/** The HTTP path of a case. */
export function pathOf(c: FuzzCase): string {
  const d = c.delivery as EimDelivery;
  return d.json ? `${ESIPA_JSON_PREFIX}${d.fn}` : '/gsma/rsp2/asn1';
}

/** The Content-Type a case is posted with. */
export function contentTypeOf(c: FuzzCase): string {
  return (c.delivery as EimDelivery).json ? JSON_CONTENT_TYPE : ASN1_CONTENT_TYPE;
}
