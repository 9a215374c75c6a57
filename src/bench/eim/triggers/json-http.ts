/** JSON over HTTP for the REST adapters: one request, bounded in time, refusals as TriggerError. */
import { TriggerError } from './trigger';

export interface JsonAnswer {
  status: number;
  json: any;
  text: string;
  location?: string;
}

export async function requestJson(adapter: string, action: string, url: string, o: { method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs: number }): Promise<JsonAnswer> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: o.method ?? 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(o.timeoutMs),
      headers: { ...(o.body !== undefined && { 'Content-Type': 'application/json' }), ...o.headers },
      ...(o.body !== undefined && { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }),
    });
  } catch (e) {
    throw new TriggerError(adapter, action, `${o.method ?? 'GET'} ${url}: ${failureOf(e as Error)}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, location: res.headers.get('location') ?? undefined };
}

/** fetch says only "fetch failed"; what failed (e.g. `getaddrinfo ENOTFOUND eim`) is in its cause. */
function failureOf(e: Error): string {
  const cause = e.cause instanceof Error ? e.cause.message : undefined;
  return cause && cause !== e.message ? `${e.message} (${cause})` : e.message;
}

export function bearer(token?: string): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}
