/**
 * A vendor's REST API described in the configuration: a create request and a lookup request whose
 * URL, body and headers carry `{{name}}` placeholders (order fields, orderFields; `{{orderId}}` for
 * the lookup). The create answer gives the id (`id`/`resourceId`/`orderId`, a Location header, or
 * the text); the lookup answer is read by outcomeFromJson.
 */
import { HttpTemplate } from '../../config';
import { fill, idFromAnswer, outcomeFromJson } from './normalize';
import { orderFields } from './order-fields';
import { requestJson } from './json-http';
import { EimOrder, EimTrigger, OrderHandle, OrderOutcome, pollOutcome, TriggerError } from './trigger';

export class HttpTrigger implements EimTrigger {
  readonly name = 'http';

  constructor(private readonly o: { create: HttpTemplate; lookup?: HttpTemplate; headers?: Record<string, string>; timeoutMs: number }) {}

  private send(action: string, t: HttpTemplate, values: Record<string, string>) {
    const headers = Object.fromEntries(Object.entries({ ...this.o.headers, ...t.headers }).map(([k, v]) => [k, fill(v, values)]));
    const body = t.body === undefined ? undefined : fill(t.body, values, (v) => JSON.stringify(v).slice(1, -1));
    return requestJson(this.name, action, fill(t.url, values, encodeURIComponent), { method: t.method ?? (body === undefined ? 'GET' : 'POST'), body, headers, timeoutMs: this.o.timeoutMs });
  }

  async create(order: EimOrder): Promise<OrderHandle> {
    const a = await this.send('create', this.o.create, orderFields(order));
    if (a.status >= 400) throw new TriggerError(this.name, 'create', `HTTP ${a.status}: ${a.text}`);
    const id = (a.location && a.location.split('/').filter(Boolean).pop()) ?? idFromAnswer(a.text);
    if (!id) throw new TriggerError(this.name, 'create', `no order id in the answer: ${a.text}`);
    return { id, kind: order.kind };
  }

  lookup(handle: OrderHandle, waitMs = 0): Promise<OrderOutcome> {
    const lookup = this.o.lookup;
    if (!lookup) throw new TriggerError(this.name, 'lookup', 'the configuration gives no lookup request, so no outcome can be read');
    return pollOutcome(async () => {
      const a = await this.send('lookup', lookup, { orderId: handle.id, kind: handle.kind });
      if (a.status >= 400) throw new TriggerError(this.name, 'lookup', `HTTP ${a.status}: ${a.text}`);
      return outcomeFromJson(a.json);
    }, waitMs, 250);
  }
}
