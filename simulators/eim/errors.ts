/** Errors of the eIM package library: a caller's value that cannot become a valid eIM Package. */
export class EimInputError extends Error {
  override readonly name = 'EimInputError';
  constructor(readonly field: string, readonly detail: string) {
    super(`${field}: ${detail}`);
  }
}
