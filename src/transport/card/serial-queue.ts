/**
 * Runs tasks one after another. A card is half-duplex (ISO 7816-3: one command, then its
 * response), so concurrent callers of a link must take turns rather than interleave bytes.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // A failed task must not stall the ones queued behind it.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
