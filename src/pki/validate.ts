/**
 * Certificate chain validation as an RSP relying party does it (SGP.22 §4.5.2.2 on top of the
 * RFC 5280 §6 path validation basics): builds the path from the leaf through the intermediates
 * to a trusted CI, then checks every certificate from the CI down and says precisely why and
 * where it fails.
 *
 * Checked: issuer/subject chaining (names, and authority/subject key identifiers when both are
 * present), ECDSA-with-SHA-256 signatures, validity at `at`, one RSP curve for the whole path,
 * basicConstraints cA / pathLenConstraint and keyCertSign of every issuer, digitalSignature of an
 * end-entity leaf, directoryName nameConstraints (RFC 5280 whole-RDN matching plus the SGP.22 EID
 * prefix rule, see `nameConstraintProblem`), the leaf's role policy and its EID.
 * Not checked: revocation, RFC 5280 policy trees (each RSP level carries a different role policy,
 * so only the leaf's policy is meaningful), name constraints other than directoryName, and
 * unrecognised critical extensions.
 */
import { GeneralSubtrees, KeyUsageFlags, Name } from '@peculiar/asn1-x509';
import { Curve } from '../crypto/curves';
import { CertInfo, CertInput, parseCertificate } from './certificate';
import { MalformedCertificateError } from './errors';
import { attributeOf, namesEqual, nameText, withinDirectorySubtree, withinEinSubtree } from './names';
import { OID } from './oids';

export const CHAIN_FAILURES = [
  'expired', 'not-yet-valid', 'unknown-ci', 'bad-signature', 'wrong-policy', 'wrong-key-usage', 'wrong-curve', 'eid-mismatch', 'malformed',
] as const;
export type ChainFailureReason = (typeof CHAIN_FAILURES)[number];

export interface ValidateChainOptions {
  readonly leaf: CertInput;
  /** Candidate intermediates, in any order; unused ones are ignored (but must parse). */
  readonly intermediates?: readonly CertInput[];
  /** The trusted CI certificates. */
  readonly trustAnchors: readonly CertInput[];
  /** Validation time (default: now). */
  readonly at?: Date;
  /** The role policy OID the leaf must carry, e.g. POLICY.dpAuth. */
  readonly expectedPolicy?: string;
  readonly expectedCurve?: Curve;
  /** The EID the leaf's subject serialNumber must equal. */
  readonly expectedEid?: string;
}

export interface ChainValid {
  readonly ok: true;
  /** Leaf first, trusted CI last. */
  readonly path: readonly CertInfo[];
  readonly curve: Curve;
  readonly policies: readonly string[];
  readonly eid?: string;
}

export interface ChainInvalid {
  readonly ok: false;
  readonly reason: ChainFailureReason;
  readonly message: string;
  /** Which input the failing certificate is: `leaf`, `intermediates[i]` or `trustAnchors[i]`. */
  readonly input: string;
  /** Position in the built path as OpenSSL counts it (leaf 0), when the certificate is on it. */
  readonly depth?: number;
  readonly subject?: string;
  /** For `malformed`: where in the DER the structure breaks. */
  readonly offset?: number;
}

export type ChainResult = ChainValid | ChainInvalid;

interface Node { readonly info: CertInfo; readonly input: string }

const MAX_PATH = 8;

class Failure extends Error {
  constructor(readonly result: ChainInvalid) { super(result.message); }
}

function fail(reason: ChainFailureReason, node: Node, depth: number | undefined, message: string): never {
  throw new Failure({ ok: false, reason, message, input: node.input, depth, subject: node.info.subjectText });
}

function parseAll(inputs: readonly CertInput[], label: string): Node[] {
  return inputs.map((c, i) => {
    const input = `${label}[${i}]`;
    return { info: parseCertificate(c, input), input };
  });
}

function issues(candidate: CertInfo, child: CertInfo): boolean {
  if (!namesEqual(candidate.subject, child.issuer)) return false;
  return !child.authorityKeyId || !candidate.subjectKeyId || candidate.subjectKeyId.equals(child.authorityKeyId);
}

function verifies(child: CertInfo, issuer: CertInfo): boolean {
  try {
    return child.x509.verify(issuer.x509.publicKey);
  } catch {
    return false; // e.g. a key on another curve
  }
}

/** Leaf first, anchor last; unknown-ci when no trusted CI can be reached. */
function buildPath(leaf: Node, intermediates: readonly Node[], anchors: readonly Node[]): Node[] {
  const path = [leaf];
  for (;;) {
    const cur = path[path.length - 1];
    if (anchors.some((a) => a.info.der.equals(cur.info.der))) return path;
    const pick = (cands: readonly Node[]) => cands.find((c) => verifies(cur.info, c.info)) ?? cands[0];
    const anchor = pick(anchors.filter((a) => issues(a.info, cur.info)));
    if (anchor) return [...path, anchor];
    const next = pick(intermediates.filter((c) => issues(c.info, cur.info) && !path.includes(c)));
    const depth = path.length - 1;
    if (!next) {
      const selfSigned = namesEqual(cur.info.subject, cur.info.issuer) && verifies(cur.info, cur.info);
      fail('unknown-ci', cur, depth, selfSigned
        ? `self-signed certificate '${cur.info.subjectText}' is not a trusted CI`
        : `no trusted CI or intermediate issued '${cur.info.subjectText}' (issuer '${cur.info.issuerText}')`);
    }
    if (path.length >= MAX_PATH) fail('unknown-ci', cur, depth, `no trusted CI within ${MAX_PATH} certificates`);
    path.push(next);
  }
}

/**
 * Why `subject` breaks the directoryName constraints of `ca`, or undefined. A serialNumber in a
 * permitted subtree is an EIN (SGP.22 §4.5.2.1, EUM certificate): a subject with a serialNumber
 * (an EID) must start with one of them. Other subtrees are matched as RFC 5280 RDN prefixes.
 */
function nameConstraintProblem(subject: CertInfo, ca: CertInfo): string | undefined {
  const bases = (list: GeneralSubtrees | undefined) => (list ?? []).map((s) => s.base.directoryName).filter((n): n is Name => !!n);
  const excluded = bases(ca.nameConstraints?.excludedSubtrees).find((b) => withinDirectorySubtree(subject.subject, b));
  if (excluded) return `'${subject.subjectText}' is inside the excluded subtree '${nameText(excluded)}' of '${ca.subjectText}'`;
  const permitted = bases(ca.nameConstraints?.permittedSubtrees);
  if (permitted.length === 0) return undefined;
  const einBases = permitted.filter((b) => attributeOf(b, OID.serialNumber) !== undefined);
  const eid = subject.subjectSerialNumber;
  if (eid !== undefined && einBases.length > 0) {
    if (einBases.some((b) => withinEinSubtree(subject.subject, b))) return undefined;
    return `EID ${eid} of '${subject.subjectText}' is outside the range ${einBases.map((b) => `'${nameText(b)}'`).join(' or ')} permitted by '${ca.subjectText}'`;
  }
  if (permitted.some((b) => withinDirectorySubtree(subject.subject, b) || withinEinSubtree(subject.subject, b))) return undefined;
  return `'${subject.subjectText}' is outside the subtrees permitted by '${ca.subjectText}'`;
}

function check(path: readonly Node[], o: ValidateChainOptions): ChainValid {
  const at = o.at ?? new Date();
  const n = path.length - 1;
  const anchorCurve = path[n].info.curve;
  for (let d = n; d >= 0; d--) {
    const node = path[d], c = node.info;
    if (!c.curve) fail('wrong-curve', node, d, `key is ${c.keyDescription}, not NIST P-256 or brainpoolP256r1`);
    if (o.expectedCurve && c.curve !== o.expectedCurve) fail('wrong-curve', node, d, `key is on ${c.curve}, expected ${o.expectedCurve}`);
    if (c.curve !== anchorCurve) fail('wrong-curve', node, d, `key is on ${c.curve} but the CI's is on ${anchorCurve}`);
    if (d < n) {
      const up = path[d + 1];
      if (c.signatureAlgorithm !== OID.ecdsaWithSha256) fail('bad-signature', node, d, `signature algorithm ${c.signatureAlgorithm} is not ecdsa-with-SHA256`);
      if (!verifies(c, up.info)) fail('bad-signature', node, d, `signature does not verify under the key of '${up.info.subjectText}'`);
    }
    if (at < c.notBefore) fail('not-yet-valid', node, d, `not valid before ${c.notBefore.toISOString()} (checked at ${at.toISOString()})`);
    if (at > c.notAfter) fail('expired', node, d, `expired ${c.notAfter.toISOString()} (checked at ${at.toISOString()})`);
    if (d < n) {
      const up = path[d + 1];
      if (!up.info.ca) fail('wrong-key-usage', up, d + 1, `issued '${c.subjectText}' but basicConstraints does not make it a CA`);
      if (up.info.keyUsage !== undefined && !(up.info.keyUsage & KeyUsageFlags.keyCertSign)) {
        fail('wrong-key-usage', up, d + 1, `issued '${c.subjectText}' but its keyUsage lacks keyCertSign`);
      }
      if (up.info.pathLen !== undefined && d > up.info.pathLen) {
        fail('wrong-key-usage', up, d + 1, `pathLenConstraint ${up.info.pathLen} allows fewer intermediates than the ${d} below it`);
      }
      for (let k = d + 1; k <= n; k++) {
        const problem = nameConstraintProblem(c, path[k].info);
        if (problem) fail('eid-mismatch', node, d, problem);
      }
    }
  }
  const leafNode = path[0], leaf = leafNode.info;
  if (o.expectedPolicy !== undefined && !leaf.policies.includes(o.expectedPolicy)) {
    fail('wrong-policy', leafNode, 0, `policies [${leaf.policies.join(', ')}] lack the expected ${o.expectedPolicy}`);
  }
  if (!leaf.ca && leaf.keyUsage !== undefined && !(leaf.keyUsage & KeyUsageFlags.digitalSignature)) {
    fail('wrong-key-usage', leafNode, 0, 'end-entity keyUsage lacks digitalSignature');
  }
  if (o.expectedEid !== undefined && leaf.subjectSerialNumber !== o.expectedEid) {
    fail('eid-mismatch', leafNode, 0, `subject serialNumber ${leaf.subjectSerialNumber ?? '(none)'} is not the expected EID ${o.expectedEid}`);
  }
  return { ok: true, path: path.map((p) => p.info), curve: anchorCurve!, policies: leaf.policies, eid: leaf.subjectSerialNumber };
}

export function validateChain(o: ValidateChainOptions): ChainResult {
  try {
    const leaf: Node = { info: parseCertificate(o.leaf, 'leaf'), input: 'leaf' };
    const path = buildPath(leaf, parseAll(o.intermediates ?? [], 'intermediates'), parseAll(o.trustAnchors, 'trustAnchors'));
    return check(path, o);
  } catch (e) {
    if (e instanceof Failure) return e.result;
    if (e instanceof MalformedCertificateError) {
      return { ok: false, reason: 'malformed', message: e.message, input: e.source, depth: e.source === 'leaf' ? 0 : undefined, offset: e.offset };
    }
    throw e;
  }
}
