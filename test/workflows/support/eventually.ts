/**
 * Polls an assertion until it passes or a real-time deadline expires, then rethrows its last
 * failure. Activities complete a moment after the server reports a timer fired, so tests wait
 * for what they expect instead of sleeping a fixed time.
 */
export async function eventually<T>(
  assertion: () => T | Promise<T>,
  { timeoutMs = 15_000, intervalMs = 25 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
