/** An order as flat named strings: the placeholders of the http adapter and the variables of the shell adapter. */
import { EimOrder, OrderHandle } from './trigger';

export function orderFields(order: EimOrder, handle?: OrderHandle): Record<string, string> {
  const first = 'operations' in order ? order.operations[0] : undefined;
  const firstArgs = first ? Object.values(first)[0] ?? {} : {};
  return {
    kind: order.kind,
    eid: order.eid,
    activationCode: order.kind === 'download' ? order.activationCode : '',
    tagList: order.kind === 'edr' ? order.tagList : '',
    operation: first ? Object.keys(first)[0] : '',
    iccid: typeof firstArgs.iccid === 'string' ? firstArgs.iccid : '',
    operations: 'operations' in order ? JSON.stringify(order.operations) : '[]',
    order: JSON.stringify(order),
    ...(handle && { orderId: handle.id }),
  };
}
