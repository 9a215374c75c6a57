/** Typed errors of the test PKI: each names what was wrong and where. */

/** DER that is not an X.509 certificate; `offset` is where in the DER the structure breaks. */
export class MalformedCertificateError extends Error {
  override readonly name = 'MalformedCertificateError';
  constructor(
    /** What the bytes were supposed to be, e.g. `leaf`, `intermediates[1]` or a file name. */
    readonly source: string,
    readonly offset: number,
    readonly detail: string,
  ) {
    super(`${source}: not a valid certificate at offset ${offset}: ${detail}`);
  }
}

export type PkiInputProblem =
  | 'missing-file'       // the file does not exist or cannot be read
  | 'not-a-certificate'  // neither PEM CERTIFICATE nor DER X.509
  | 'not-a-key'          // no PKCS#8 or SEC1 EC private key in it
  | 'key-mismatch'       // the private key does not belong to the certificate
  | 'unsupported-curve'  // a key on a curve RSP does not allow
  | 'bad-manifest'       // manifest.json unreadable or inconsistent
  | 'missing-role';      // a required certificate is not in the input

/** Bad input to PkiStore: `file` names the file (or directory) at fault. */
export class PkiInputError extends Error {
  override readonly name = 'PkiInputError';
  constructor(readonly problem: PkiInputProblem, readonly file: string, readonly detail: string) {
    super(`${file}: ${detail} (${problem})`);
  }
}
