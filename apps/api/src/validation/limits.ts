import { ValidateBy } from 'class-validator';
import { parseInstant } from '../time/times';

/** Deadlines further ahead than this are typos (year 9999), and outlive any plan they belong to. */
export const MAX_DEADLINE_YEARS = 10;

/** How far ahead of the server's clock an issue date may be: the clerk's clock may run a little fast. */
export const ISSUED_AT_SKEW_MS = 5 * 60_000;

/** The latest deadline accepted now. */
export function deadlineHorizon(now = Date.now()): Date {
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + MAX_DEADLINE_YEARS);
  return horizon;
}

/**
 * A deadline field (date-time or date) may be at most {@link MAX_DEADLINE_YEARS} years ahead. A
 * value that is not a deadline at all passes here: the format is reported where it is read.
 */
export function WithinDeadlineHorizon(): PropertyDecorator {
  return ValidateBy({
    name: 'withinDeadlineHorizon',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return true;
        // A date's start is close enough: the horizon is years away, the working day hours.
        const due = parseInstant(value);
        return 'problem' in due || due.at.getTime() <= deadlineHorizon().getTime();
      },
      defaultMessage: () =>
        `must be at most ${MAX_DEADLINE_YEARS} years ahead (no later than ${deadlineHorizon().toISOString()})`,
    },
  });
}

/** An issue date may not be later than now, give or take {@link ISSUED_AT_SKEW_MS} of clock skew. */
export function NotInFuture(): PropertyDecorator {
  return ValidateBy({
    name: 'notInFuture',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return true;
        const issued = parseInstant(value);
        return 'problem' in issued || issued.at.getTime() <= Date.now() + ISSUED_AT_SKEW_MS;
      },
      defaultMessage: () =>
        `must not be in the future (at most ${ISSUED_AT_SKEW_MS / 60_000} minutes ahead of the server's clock, ${new Date().toISOString()})`,
    },
  });
}
