/** Optional features of the smdpp suite (mnemonics used in `@optional:` tags). */
import { OptionalFeature } from '../applicability';

export const FEATURES: readonly OptionalFeature[] = [
  { id: 'O_DP_NIST', iut: 'smdpp', description: 'the SM-DP+ holds CERT.DPauth / CERT.DPpb on NIST P-256 (run PKI) and serves eUICCs of that CI' },
  { id: 'O_DP_BRP', iut: 'smdpp', description: 'the SM-DP+ holds CERT.DPauth / CERT.DPpb on brainpoolP256r1 (run PKI) and serves eUICCs of that CI' },
  { id: 'O_DP_ASN1_BINDING', iut: 'smdpp', description: 'the SM-DP+ serves the ES9+ ASN.1 binding (POST /gsma/rsp2/asn1) besides JSON' },
  {
    id: 'O_DP_ORDER_EXPIRY', iut: 'smdpp',
    description: 'download orders expire after iut.smdpp.orderLifetimeMs, short enough to wait out within timeouts.step',
  },
  {
    id: 'O_DP_SESSION_TIMEOUT', iut: 'smdpp',
    description: 'idle RSP sessions are dropped after iut.smdpp.sessionTimeoutMs, short enough to wait out within timeouts.step',
  },
];
