/**
 * A person places the order: the instructions go to the terminal and the bench waits for Enter; the
 * outcome is typed in (`done`, or `failed REASON`). Without a terminal on stdin nobody can answer,
 * so every action fails at once with that reason instead of waiting for ever.
 */
import { createInterface } from 'node:readline';
import { stateOf } from './normalize';
import { EimOrder, EimTrigger, OrderHandle, OrderOutcome, TriggerError } from './trigger';

export interface Terminal {
  readonly isTTY: boolean;
  ask(prompt: string, timeoutMs: number): Promise<string>;
}

export const processTerminal: Terminal = {
  get isTTY() {
    return process.stdin.isTTY === true;
  },
  ask(prompt, timeoutMs) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        rl.close();
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      rl.question(prompt, (answer) => {
        clearTimeout(timer);
        rl.close();
        resolve(answer);
      });
    });
  },
};

export class ManualTrigger implements EimTrigger {
  readonly name = 'manual';
  private count = 0;

  constructor(private readonly o: { timeoutMs: number; terminal?: Terminal; note?: (text: string) => void }) {}

  private async ask(action: string, prompt: string): Promise<string> {
    const t = this.o.terminal ?? processTerminal;
    if (!t.isTTY) throw new TriggerError(this.name, action, 'stdin is not a terminal, so no operator can answer (use another trigger adapter in unattended runs)');
    try {
      return await t.ask(prompt, this.o.timeoutMs);
    } catch (e) {
      throw new TriggerError(this.name, action, (e as Error).message);
    }
  }

  async create(order: EimOrder): Promise<OrderHandle> {
    const text = `Place this order on the eIM under test, then press Enter:\n${JSON.stringify(order, null, 2)}\n> `;
    this.o.note?.(text);
    await this.ask('create', text);
    return { id: `manual-${++this.count}`, kind: order.kind };
  }

  async lookup(handle: OrderHandle): Promise<OrderOutcome> {
    const answer = (await this.ask('lookup', `Outcome of ${handle.kind} order ${handle.id} as the eIM shows it ('done', 'failed REASON', or Enter if still pending): `)).trim();
    const [word, ...rest] = answer.split(/\s+/);
    return { state: stateOf(word), detail: answer, ...(rest.length && { reason: rest.join(' ') }) };
  }
}
