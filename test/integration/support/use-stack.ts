/**
 * One integration file's stack in one line: `const stack = useStack({ env })` at the top of a file
 * (or of a describe block) registers the start in beforeAll and the awaited stop in afterAll, and
 * returns the stack the tests use, so no file repeats that preamble or its time-outs.
 *
 *   const stack = useStack({ env: { DONDOC_SHARD_SIZE: '250' } });
 *   beforeAll(async () => { org = await anOrg().create(stack); }); // runs after the start
 *
 * Hooks run in the order they are declared, so a beforeAll declared after `useStack` finds the
 * stack running, and one declared before it can prepare what the options refer to lazily (the
 * database proxy of failure-status.spec.ts).
 */
import { createStack, type Stack, type StackOptions } from './stack';

/**
 * How long a stack may take to start on a busy 2-core machine, where jest, webpack (the worker
 * bundles workflows at start) and several servers compete.
 */
export const STACK_START_MS = 180_000;

/** How long stopping may take: each process gets a grace period to drain, then SIGKILL. */
const STACK_STOP_MS = 60_000;

/** A private stack started before the file's (or block's) tests and stopped after them. */
export function useStack(options: StackOptions = {}): Stack {
  const stack = createStack(options);
  beforeAll(() => stack.start(), STACK_START_MS);
  // Also after a failed start: stop() tears down whatever had started, and is safe to repeat.
  afterAll(() => stack.stop(), STACK_STOP_MS);
  return stack;
}

/**
 * A stack like {@link useStack}'s whose environment names something that must start first (a free
 * port, a receiver): `prepareEnv` runs in a beforeAll declared before the stack's start, so its
 * answer is in the environment the API and the worker start with.
 */
export function useStackWithEnvFrom(
  prepareEnv: () => Promise<Record<string, string>>,
  options: Omit<StackOptions, 'env'> = {},
): Stack {
  // The stack reads this object when it starts, after the beforeAll below has filled it.
  const env: Record<string, string> = {};
  beforeAll(async () => {
    Object.assign(env, await prepareEnv());
  });
  return useStack({ ...options, env });
}
