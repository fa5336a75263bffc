import { ValidationError } from './errors';
import { isZeroDuration, parseIsoDuration, shortestSpanMs } from './duration';

/** An offset from the deadline counted in working days of the task's calendar, at the deadline's time of day. */
export interface WorkingDaysOffset {
  workingDays: number;
}

/** How far from the deadline: an ISO-8601 duration ("P3D") or a number of working days. */
export type ReminderOffset = string | WorkingDaysOffset;

/** Longest offset in working days: three months of work; longer is a mistyped policy. */
export const MAX_WORKING_DAYS_OFFSET = 60;

/**
 * When a task's automatic messages go out, relative to its deadline. Durations are ISO-8601 text
 * or `{ workingDays: N }`, so the policy can live in JSON (directive settings, API bodies) unchanged.
 */
export interface ReminderPolicy {
  /** Reminders this long before the deadline, e.g. ["P3D", "P1D"] or [{ workingDays: 3 }]. */
  before: ReminderOffset[];
  /** Whether a reminder goes out at the deadline itself. */
  atDeadline: boolean;
  /** Repeat an overdue notice this often after the deadline; null sends none. */
  overdueEvery: string | null;
  /** Escalate to the coordinating body this long after the deadline; null never escalates. */
  escalateAfter: ReminderOffset | null;
}

/** An offset as people read it and as labels show it: "P3D", or "3 working days". */
export function formatReminderOffset(offset: ReminderOffset): string {
  return typeof offset === 'string'
    ? offset
    : `${offset.workingDays} working day${offset.workingDays === 1 ? '' : 's'}`;
}

/** Whether the policy counts any offset in working days, so its tasks need a calendar. */
export function usesWorkingDays(policy: ReminderPolicy): boolean {
  return (
    policy.before.some((offset) => typeof offset !== 'string') ||
    (policy.escalateAfter !== null && typeof policy.escalateAfter !== 'string')
  );
}

/** The policy used when a directive sets none: 3 and 1 days ahead, at the deadline, daily once overdue, escalate after a day. */
export const DEFAULT_REMINDER_POLICY: ReminderPolicy = Object.freeze({
  before: Object.freeze(['P3D', 'P1D']) as string[],
  atDeadline: true,
  overdueEvery: 'P1D',
  escalateAfter: 'P1D',
});

/** More reminders than this is noise to the unit receiving them, and a sign of a mistyped policy. */
export const MAX_REMINDERS_BEFORE = 10;

/**
 * The shortest interval a policy may use, for `before`, `overdueEvery` and `escalateAfter` alike:
 * a notice every second to ten thousand units is a storm, not a reminder. Production keeps an
 * hour; test suites that need second-scale notices lower it (DONDOC_MIN_NOTICE_INTERVAL).
 */
export const DEFAULT_MIN_NOTICE_INTERVAL = 'PT1H';

/** Limits a policy is checked against; the interval as ISO text, so messages say it as configured. */
export interface NoticeLimits {
  minInterval: string;
}

/** The shortest interval, read once per policy. */
interface Shortest {
  ms: number;
  text: string;
}

const MS_PER_DAY = 86_400_000;

const KNOWN_KEYS: readonly string[] = ['before', 'atDeadline', 'overdueEvery', 'escalateAfter'];

/**
 * Validates an untrusted policy (API body, directive settings). Missing keys take the default,
 * so `{ atDeadline: false }` changes only that; undefined or null gives the whole default.
 * Errors name the exact field, e.g. `reminderPolicy.before[1]`.
 * @throws ValidationError on unknown keys, wrong types, malformed or zero durations, intervals shorter
 *   than `limits.minInterval`, repeated or too many reminders.
 */
export function parseReminderPolicy(
  input: unknown,
  field = 'reminderPolicy',
  limits: NoticeLimits = { minInterval: DEFAULT_MIN_NOTICE_INTERVAL },
): ReminderPolicy {
  const shortest: Shortest = {
    ms: shortestSpanMs(parseIsoDuration(limits.minInterval, 'minInterval')),
    text: limits.minInterval,
  };
  if (input === undefined || input === null) return copyPolicy(DEFAULT_REMINDER_POLICY);
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ValidationError(field, 'must be an object with before, atDeadline, overdueEvery and escalateAfter');
  }
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.includes(key)) throw new ValidationError(`${field}.${key}`, 'is not a known setting');
  }
  const policy = copyPolicy(DEFAULT_REMINDER_POLICY);
  if (record.before !== undefined) policy.before = parseBefore(record.before, `${field}.before`, shortest);
  if (record.atDeadline !== undefined) {
    if (typeof record.atDeadline !== 'boolean')
      throw new ValidationError(`${field}.atDeadline`, 'must be true or false');
    policy.atDeadline = record.atDeadline;
  }
  if (record.overdueEvery !== undefined)
    policy.overdueEvery =
      record.overdueEvery === null
        ? null
        : parsePositiveDuration(record.overdueEvery, `${field}.overdueEvery`, shortest);
  if (record.escalateAfter !== undefined)
    policy.escalateAfter =
      record.escalateAfter === null ? null : parseOffset(record.escalateAfter, `${field}.escalateAfter`, shortest);
  return policy;
}

function copyPolicy(policy: ReminderPolicy): ReminderPolicy {
  return { ...policy, before: policy.before.map((offset) => (typeof offset === 'string' ? offset : { ...offset })) };
}

function parseBefore(value: unknown, field: string, shortest: Shortest): ReminderOffset[] {
  if (!Array.isArray(value)) throw new ValidationError(field, 'must be a list of durations such as ["P3D", "P1D"]');
  if (value.length > MAX_REMINDERS_BEFORE) {
    throw new ValidationError(field, `must list at most ${MAX_REMINDERS_BEFORE} durations`);
  }
  const seen = new Set<string>();
  return value.map((entry: unknown, i) => {
    const entryField = `${field}[${i}]`;
    const offset = parseOffset(entry, entryField, shortest);
    const text = formatReminderOffset(offset);
    if (seen.has(text)) throw new ValidationError(entryField, 'repeats an earlier entry');
    seen.add(text);
    return offset;
  });
}

/** An ISO-8601 duration, or `{ workingDays: N }` with N from 1 to MAX_WORKING_DAYS_OFFSET. */
function parseOffset(value: unknown, field: string, shortest: Shortest): ReminderOffset {
  if (typeof value !== 'object' || value === null) return parsePositiveDuration(value, field, shortest);
  const keys = Object.keys(value);
  if (Array.isArray(value) || keys.length !== 1 || keys[0] !== 'workingDays') {
    throw new ValidationError(field, 'must be an ISO-8601 duration such as P3D, or { "workingDays": N }');
  }
  const days = (value as WorkingDaysOffset).workingDays;
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_WORKING_DAYS_OFFSET) {
    throw new ValidationError(`${field}.workingDays`, `must be a whole number from 1 to ${MAX_WORKING_DAYS_OFFSET}`);
  }
  // N working days span at least N days.
  if (days * MS_PER_DAY < shortest.ms) throw new ValidationError(`${field}.workingDays`, tooShort(shortest));
  return { workingDays: days };
}

function parsePositiveDuration(value: unknown, field: string, shortest: Shortest): string {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be an ISO-8601 duration such as P3D or PT2H');
  const duration = parseIsoDuration(value, field);
  if (isZeroDuration(duration)) throw new ValidationError(field, 'must be longer than zero');
  if (shortestSpanMs(duration) < shortest.ms) throw new ValidationError(field, tooShort(shortest));
  return value;
}

function tooShort(shortest: Shortest): string {
  return `must be at least ${shortest.text} (the shortest interval between notices)`;
}
