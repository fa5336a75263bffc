/**
 * Durations written the way a specification says them ("3 days"), so a test reads like the
 * rule it checks. Only fixed-length units: calendar months belong to the domain's own tests.
 */
const UNIT_MS = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
} as const;

type Unit = keyof typeof UNIT_MS;

/** "1 day", "3 days", "90 minutes": a number, a space, a unit (singular or plural). */
export type HumanDuration = `${number} ${Unit | `${Unit}s`}`;

/** Milliseconds in a human duration. */
export function ms(duration: HumanDuration): number {
  const match = /^(\d+(?:\.\d+)?) (second|minute|hour|day)s?$/.exec(duration);
  if (match === null) throw new Error(`not a duration: "${duration}"`);
  return Number(match[1]) * UNIT_MS[match[2] as Unit];
}

/** ISO-8601 text of an instant, as workflows and activities exchange it. */
export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * The first whole minute at least a minute after `epochMs`. Deadlines built from it put every
 * scheduled event strictly after the workflow starts, whatever real time passes meanwhile.
 */
export function nextWholeMinute(epochMs: number): number {
  return Math.ceil(epochMs / UNIT_MS.minute) * UNIT_MS.minute + UNIT_MS.minute;
}
