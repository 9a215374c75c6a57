/** Public surface of the codec. */
export { codec, Codec, DEFAULT_VERSION, MODULE_NAMES, parseModuleName, parseSpecVersion, SPEC_VERSIONS } from './registry';
export type { ModuleName, SpecVersion } from './registry';
export { AsnDecodeError, AsnEncodeError, AsnSchemaError } from './errors';
export { BitString, SequenceNode, tagHex, tlv, tlvAt, tlvSpans } from './nodes';
export type { Field } from './nodes';
export type { TlvSpan } from './nodes';
export type { DecodeOptions, EncodeOptions } from './nodes';
export { X509Value } from './x509';
export { arbitraryFor } from './arbitrary';
export { fromHex, toHex } from './hex';
export { applyTlvMutation, tlvMutation, TLV_MUTATIONS } from './tlv-mutators';
export type { Mutated, TlvMutation, TlvMutationKind } from './tlv-mutators';
export { applyValueMutation, valueMutation } from './value-mutators';
export type { ValueMutation } from './value-mutators';
