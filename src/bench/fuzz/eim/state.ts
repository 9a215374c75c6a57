/**
 * The eIM state a rejected (or replayed) request must not move. Built-in S_eIM is read in process:
 * every order of the fuzzed eUICCs (status, outcome reason), what it knows of each (counter, last
 * accepted counter, association token, certificates) and how many eUICCs it manages. A configured
 * eIM shows only what its trigger adapter reports of the setup's orders.
 * Logs that grow with every legitimate request (state changes reported by polls, notifications
 * taken, acknowledgements, what S_SM-DP+ received) are not state here: they are emptied at each
 * reading so a million-case campaign keeps its memory flat.
 */
import { SimEim } from '../../../../simulators/eim/eim';
import { SimSmdpp } from '../../../../simulators/smdpp/server';
import { EimTrigger, OrderHandle } from '../../eim/triggers';

export function simDigest(sim: SimEim, eids: readonly string[]): string {
  const parts: string[] = [`euiccs ${sim.euiccs.list().length}`];
  for (const eid of eids) {
    const r = sim.euiccs.get(eid);
    if (!r) continue;
    parts.push(`${eid}: counter ${r.counter}/${r.lastAccepted} token ${r.associationToken ?? '-'}/${r.reportedAssociationToken ?? '-'} certs ${r.certificates.length}`);
    for (const o of sim.orders.list({ eid })) parts.push(`${o.id} ${o.status}${o.outcome?.reason ? ` ${String(o.outcome.reason)}` : ''}`);
  }
  return parts.join('; ');
}

/** Empties the logs that grow per legitimate request (see the file comment). */
export function drainLogs(sim: SimEim | undefined, smdp: SimSmdpp): void {
  smdp.notifications.length = 0;
  if (!sim) return;
  for (const r of sim.euiccs.list()) {
    r.stateChanges.length = 0;
    r.notifications.length = 0;
    r.acknowledged.length = 0;
  }
}

export async function triggerDigest(trigger: EimTrigger, orders: readonly OrderHandle[]): Promise<string> {
  const parts: string[] = [];
  for (const h of orders) {
    const o = await trigger.lookup(h, 0);
    parts.push(`${h.id} ${o.state}${o.reason ? ` ${o.reason}` : ''}`);
  }
  return parts.join('; ');
}
