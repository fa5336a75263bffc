/**
 * Runs a benchmark script to its end. The stack harness unref()s its child processes (so a test
 * that forgets stop() cannot hang jest); a plain script must hold its own event loop open while
 * it waits on them. Any failure prints and exits non-zero.
 */
export function runBench(run: () => Promise<void>): void {
  const keepAlive = setInterval(() => undefined, 60_000);
  run()
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => clearInterval(keepAlive));
}
