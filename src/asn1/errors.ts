/** Typed codec errors: every failure names the type path and, on decode, the byte offset. */

export type DecodeErrorCode =
  | 'truncated'          // data ends inside a tag, length or value
  | 'wrong-tag'          // a TLV whose tag no field or alternative accepts here
  | 'bad-length'         // length form not allowed (too many octets) or wrong for the type
  | 'indefinite-length'  // BER indefinite form; only definite lengths are accepted
  | 'trailing-bytes'     // bytes after the outermost TLV, or after an explicit tag's single TLV
  | 'missing-field'      // a mandatory SEQUENCE component is absent
  | 'duplicate-field'    // a component appears twice or out of order
  | 'bad-value'          // content that no encoding of the type allows (e.g. non-minimal INTEGER)
  | 'constraint'         // decodes, but violates a SIZE or value range
  | 'too-deep';          // nesting beyond the safety limit

export type EncodeErrorCode = 'missing-field' | 'bad-value' | 'constraint' | 'unknown-alternative';

export class AsnDecodeError extends Error {
  override readonly name = 'AsnDecodeError';
  constructor(
    readonly code: DecodeErrorCode,
    /** Type path, e.g. `EuiccPackageRequest.euiccPackageSigned.counterValue`. */
    readonly path: string,
    /** Offset in the input of the TLV (or byte) at fault. */
    readonly offset: number,
    readonly detail: string,
  ) {
    // Hostile input makes thousands of these a second; path and offset locate the fault, a stack
    // trace would not, and capturing one costs more than the decode that failed.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`${path}: ${detail} at offset ${offset} (${code})`);
    Error.stackTraceLimit = limit;
  }
}

export class AsnEncodeError extends Error {
  override readonly name = 'AsnEncodeError';
  constructor(readonly code: EncodeErrorCode, readonly path: string, readonly detail: string) {
    super(`${path}: ${detail} (${code})`);
  }
}

/** Unknown module, version or type name: a user error, not a data error. */
export class AsnSchemaError extends Error {
  override readonly name = 'AsnSchemaError';
}

/** Renders a path stack (field names and array indexes) after the root type name. */
export function formatPath(root: string, stack: readonly (string | number)[]): string {
  let s = root;
  for (const p of stack) s += typeof p === 'number' ? `[${p}]` : `.${p}`;
  return s;
}
