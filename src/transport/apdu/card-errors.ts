/**
 * Terminal-side errors: the card answered, but not with success (CardStatusError), or with a
 * response the protocol does not allow (CardResponseError). A link that never answers is
 * `CardLinkError` from the connector instead.
 */
import { describeSw, swHex } from './sw';

export class CardStatusError extends Error {
  override readonly name = 'CardStatusError';
  readonly meaning: string;
  constructor(
    readonly sw: number,
    /** Name of the command that failed, e.g. 'STORE DATA'. */
    readonly command: string,
    /** The command APDU as sent, uppercase hex. */
    readonly commandHex: string,
  ) {
    const meaning = describeSw(sw);
    super(`${command} (${commandHex}) answered ${swHex(sw)}: ${meaning}`);
    this.meaning = meaning;
  }
}

export class CardResponseError extends Error {
  override readonly name = 'CardResponseError';
  constructor(
    readonly command: string,
    readonly commandHex: string,
    /** The response APDU as received, uppercase hex. */
    readonly responseHex: string,
    readonly detail: string,
  ) {
    super(`${command} (${commandHex}) answered ${responseHex}: ${detail}`);
  }
}
