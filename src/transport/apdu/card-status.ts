/**
 * What an application on the simulated card throws to answer a status word instead of data, e.g.
 * the ISD-R answering 6A88 to an ES10 tag it does not know (`Uicc` turns it into the response).
 */
import { describeSw, swHex } from './sw';

export class CardStatus extends Error {
  override readonly name = 'CardStatus';
  constructor(
    readonly sw: number,
    readonly detail: string = describeSw(sw),
  ) {
    super(`${swHex(sw)}: ${detail}`);
  }
}
