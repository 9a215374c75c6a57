/**
 * Deviation hooks of the simulated card, for negative tests of an IPA: answer a chosen status word
 * instead of processing, answer late, or never answer (the connector must then time out). A hooked
 * command never reaches the card's state machine, so it changes no state.
 */
import { CommandApdu } from './apdu';

/** What a predicate sees: the raw command, and its parsed form when it parses. */
export interface HookedCommand {
  bytes: Uint8Array;
  apdu?: CommandApdu;
}

export type CommandPredicate = (command: HookedCommand) => boolean;

export interface HookDecision {
  /** Never answer this command. */
  mute: boolean;
  /** Wait this long before answering. */
  delayMs: number;
  /** Answer this status word instead of processing. */
  sw?: number;
}

const ANY: CommandPredicate = () => true;

interface StatusWordRule {
  predicate: CommandPredicate;
  sw: number;
  remaining: number;
}

export class DeviationHooks {
  private statusWords: StatusWordRule[] = [];
  private delays: { predicate: CommandPredicate; ms: number }[] = [];
  private mutes: CommandPredicate[] = [];

  /** Answer `sw` to matching commands, `times` times (default: every time); earlier rules win. */
  statusWord(predicate: CommandPredicate, sw: number, options: { times?: number } = {}): this {
    this.statusWords.push({ predicate, sw, remaining: options.times ?? Infinity });
    return this;
  }

  /** Answer matching commands (default all) `ms` milliseconds late; the longest matching delay applies. */
  delay(ms: number, predicate: CommandPredicate = ANY): this {
    this.delays.push({ predicate, ms });
    return this;
  }

  /** Never answer matching commands (default all). */
  mute(predicate: CommandPredicate = ANY): this {
    this.mutes.push(predicate);
    return this;
  }

  clear(): void {
    this.statusWords = [];
    this.delays = [];
    this.mutes = [];
  }

  /** What to do with `command`; uses up one of the `times` of the status-word rule that applies. */
  decide(command: HookedCommand): HookDecision {
    const mute = this.mutes.some((p) => p(command));
    const delayMs = Math.max(0, ...this.delays.filter((d) => d.predicate(command)).map((d) => d.ms));
    if (mute) return { mute, delayMs };
    const rule = this.statusWords.find((r) => r.remaining > 0 && r.predicate(command));
    if (!rule) return { mute, delayMs };
    rule.remaining--;
    return { mute, delayMs, sw: rule.sw };
  }
}
