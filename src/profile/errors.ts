/** Typed errors of the test-profile builder and parser; each names what was wrong and where. */

/** An option of `buildTestProfile` that cannot go into a valid profile. */
export class ProfileOptionError extends Error {
  override readonly name = 'ProfileOptionError';
  constructor(
    /** The option at fault, e.g. `iccid` or `version.major`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`test profile option '${field}': ${reason}`);
  }
}

/** Bytes that are not a well-formed SAIP Unprotected Profile Package (or a field inside one). */
export class ProfileFormatError extends Error {
  override readonly name = 'ProfileFormatError';
  constructor(
    readonly reason: string,
    /** Byte offset in the package of the element (or byte) at fault; -1 when not tied to one. */
    readonly offset: number,
    /** Position of the ProfileElement in the package, when one is at fault. */
    readonly index?: number,
    options?: { cause?: unknown },
  ) {
    super(`${index === undefined ? '' : `profile element #${index}: `}${reason}${offset >= 0 ? ` at offset ${offset}` : ''}`, options);
  }
}
