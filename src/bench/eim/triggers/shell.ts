/**
 * A command per action: the order goes in environment variables (SGP32_KIND, SGP32_EID,
 * SGP32_ACTIVATION_CODE, SGP32_ICCID, SGP32_TAG_LIST, SGP32_OPERATION, SGP32_OPERATIONS,
 * SGP32_ORDER as JSON; SGP32_ORDER_ID for the lookup). The create command prints the order id (or
 * JSON with `id`); the lookup command prints JSON read by outcomeFromJson. A non-zero exit, or a
 * command still running after `timeout` ms, is a TriggerError.
 */
import { spawn } from 'node:child_process';
import { idFromAnswer, outcomeFromJson } from './normalize';
import { orderFields } from './order-fields';
import { EimOrder, EimTrigger, OrderHandle, OrderOutcome, pollOutcome, TriggerError } from './trigger';

const envName = (k: string) => `SGP32_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

export function runShell(adapter: string, action: string, command: string, fields: Record<string, string>, timeoutMs: number): Promise<string> {
  const env = { ...process.env, ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [envName(k), v])) };
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout ends the command and whatever the shell started.
    const child = spawn(command, { shell: true, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '', err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      reject(new TriggerError(adapter, action, `'${command}' still running after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new TriggerError(adapter, action, `'${command}': ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new TriggerError(adapter, action, `'${command}' exited ${code}: ${err.trim() || out.trim()}`));
    });
  });
}

export class ShellTrigger implements EimTrigger {
  readonly name = 'shell';

  constructor(private readonly o: { create: string; lookup?: string; timeoutMs: number }) {}

  async create(order: EimOrder): Promise<OrderHandle> {
    const out = await runShell(this.name, 'create', this.o.create, orderFields(order), this.o.timeoutMs);
    const id = idFromAnswer(out);
    if (!id) throw new TriggerError(this.name, 'create', `no order id on stdout: '${out.trim()}'`);
    return { id, kind: order.kind };
  }

  lookup(handle: OrderHandle, waitMs = 0): Promise<OrderOutcome> {
    const command = this.o.lookup;
    if (!command) throw new TriggerError(this.name, 'lookup', 'the configuration gives no lookup command, so no outcome can be read');
    return pollOutcome(async () => {
      const out = await runShell(this.name, 'lookup', command, { orderId: handle.id, kind: handle.kind }, this.o.timeoutMs);
      try {
        return outcomeFromJson(JSON.parse(out));
      } catch (e) {
        throw new TriggerError(this.name, 'lookup', `stdout is not JSON (${(e as Error).message}): '${out.trim()}'`);
      }
    }, waitMs, 250);
  }
}
