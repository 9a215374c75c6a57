import { CardLinkError } from './connector';

/** How long a terminal-side link waits for an answer unless told otherwise. */
export const DEFAULT_CARD_TIMEOUT_MS = 10_000;

/** Settles like `work`, or rejects with `CardLinkError` once `ms` have passed, whichever is first. */
export function withTimeout<T>(work: Promise<T>, ms: number, endpoint: string, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CardLinkError(endpoint, `${what} timed out after ${ms} ms`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
