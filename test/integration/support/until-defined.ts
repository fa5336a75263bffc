/**
 * Polls `probe` until it returns a value (anything but `undefined`), failing after `timeoutMs`:
 * the activity-level tests wait for a row a background loop writes instead of sleeping a fixed
 * time. (The stack tests' `eventually` retries a throwing assertion instead.)
 */
export async function untilDefined<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
