/**
 * The end of a standalone simulator (`sgp32 sim <role>`): resolves at the first SIGINT or SIGTERM.
 * Call it before announcing the endpoints, so a peer that acts on the first line cannot stop the
 * process before the handlers are in place.
 */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
