/**
 * Why an eUICC rejects a BPP, in the terms of the ProfileInstallationResult it answers with:
 * `ErrorResult { bppCommandId, errorReason }` (SGP.22 §5.5 and RSPDefinitions `BppCommandId`,
 * `ErrorReason`), so S_eUICC can report exactly what the specification names.
 */
import { BPP_COMMAND_ID, ERROR_REASON } from '../asn1/rsp/definitions';

export { BPP_COMMAND_ID };
export type BppCommandName = keyof typeof BPP_COMMAND_ID;

export const BPP_ERROR_REASON = ERROR_REASON;
export type BppErrorReasonName = keyof typeof BPP_ERROR_REASON;

export class BppError extends Error {
  override readonly name = 'BppError';
  readonly bppCommandId: number;
  readonly errorReason: number;

  constructor(
    readonly command: BppCommandName,
    readonly reason: BppErrorReasonName,
    /** Index of the ES10b.LoadBoundProfilePackage segment that was rejected (0 = BF36 header). */
    readonly segment: number,
    readonly detail: string,
    /** Offset in that segment of the byte at fault, when one byte is to blame. */
    readonly offset?: number,
  ) {
    super(`BPP segment ${segment}, ${command}: ${reason}: ${detail}${offset === undefined ? '' : ` at offset ${offset}`}`);
    this.bppCommandId = BPP_COMMAND_ID[command];
    this.errorReason = BPP_ERROR_REASON[reason];
  }

  /** The `ErrorResult` value (RSPDefinitions) for the ProfileInstallationResult. */
  toErrorResult(): { bppCommandId: number; errorReason: number } {
    return { bppCommandId: this.bppCommandId, errorReason: this.errorReason };
  }
}
