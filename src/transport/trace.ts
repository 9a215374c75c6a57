/**
 * The one place transports report the bytes they carry. The bench's scenario trace implements
 * `TraceSink`; connectors and servers call it once per message, so evidence is never written twice.
 */
export type TraceInterface = 'apdu' | 'esipa' | 'es9plus' | 'es2plus';

export interface TraceEvent {
  /** Milliseconds since the epoch, taken when the bytes crossed the transport. */
  readonly time: number;
  readonly interface: TraceInterface;
  /** 'out' = sent by the harness side that records, 'in' = received by it. */
  readonly direction: 'in' | 'out';
  /** Who the bytes came from or went to, e.g. `vpcd 127.0.0.1:35963` or `https://localhost:8443/…`. */
  readonly endpoint: string;
  readonly bytes: Uint8Array;
}

export interface TraceSink {
  record(event: TraceEvent): void;
}

/** A sink that keeps nothing: for traffic too plentiful to trace (a fuzz campaign's millions of cases). */
export const NO_TRACE: TraceSink = { record: () => undefined };
