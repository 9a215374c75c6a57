/**
 * Failures S_IPA reports in a cycle besides the transport's own typed errors (HttpTimeoutError,
 * HttpStatusError, HttpProtocolError, …, CardStatusError, CardLinkError): each names what was wrong.
 */

/** The IPA was asked for something its options cannot give (no eIM address, an unusable URL). */
export class IpaConfigError extends Error {
  override readonly name = 'IpaConfigError';
  constructor(readonly field: string, readonly detail: string) {
    super(`${field}: ${detail}`);
  }
}

/** The card answered an ES10 command with data the IPA cannot use (undecodable, or an error where the procedure needs success). */
export class CardAnswerError extends Error {
  override readonly name = 'CardAnswerError';
  constructor(readonly command: string, readonly detail: string, override readonly cause?: unknown) {
    super(`${command}: ${detail}`);
  }
}

/** The eIM or the SM-DP+ refused a step (an ESipa error alternative, or an ES9+ failure). */
export class PeerRefusedError extends Error {
  override readonly name = 'PeerRefusedError';
  constructor(
    /** ESipa / ES9+ function, e.g. 'authenticateClient'. */
    readonly step: string,
    /** Named error code, or subject/reason codes for ES9+. */
    readonly reason: string,
    override readonly cause?: unknown,
  ) {
    super(`${step} refused: ${reason}`);
  }
}

/** An eIM Package the IPA cannot execute (e.g. a download trigger without an activation code). */
export class UnsupportedPackageError extends Error {
  override readonly name = 'UnsupportedPackageError';
  constructor(readonly field: string, readonly detail: string) {
    super(`${field}: ${detail}`);
  }
}
