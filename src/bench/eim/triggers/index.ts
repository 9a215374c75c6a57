/** The trigger adapter a configuration names. */
import { EimTriggerConfig } from '../../config';
import { HttpTrigger } from './http';
import { ManualTrigger } from './manual';
import { OnomondoTrigger } from './onomondo';
import { ShellTrigger } from './shell';
import { SimRestTrigger } from './sim-rest';
import { EimTrigger } from './trigger';

export * from './trigger';

export function triggerFor(c: EimTriggerConfig, o: { timeoutMs: number; note?: (text: string) => void }): EimTrigger {
  switch (c.adapter) {
    case 'sim-rest': return new SimRestTrigger(c.url, { token: c.token, timeoutMs: o.timeoutMs });
    case 'onomondo': return new OnomondoTrigger(c.url, { token: c.token, timeoutMs: o.timeoutMs });
    case 'http': return new HttpTrigger({ create: c.create, lookup: c.lookup, headers: c.headers, timeoutMs: o.timeoutMs });
    case 'shell': return new ShellTrigger({ create: c.create, lookup: c.lookup, timeoutMs: c.timeout ?? o.timeoutMs });
    case 'manual': return new ManualTrigger({ timeoutMs: o.timeoutMs, note: o.note });
  }
}
