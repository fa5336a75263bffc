/**
 * Contract of the daily digest workflow: one workflow for the whole installation, which sleeps
 * until the next working day's digest time and sends every digest contact its unit's digest.
 * The worker starts it at boot under a fixed id; a second start finds the running one.
 */
import { defineQuery } from '@temporalio/workflow';
import type { DigestDay } from '@dondoc/domain';

/** The one digest workflow's id: fixed, so every worker's start at boot is the same start. */
export const DAILY_DIGEST_WORKFLOW_ID = 'digest/daily';

/** The workflow type's name, as the worker starts it. */
export const DAILY_DIGEST_WORKFLOW_TYPE = 'dailyDigestWorkflow';

/** What a run starts from: nothing at boot; continue-as-new carries the last day sent. */
export interface DailyDigestInput {
  /** The last digest day handled (`YYYY-MM-DD`), so a new run never sends that day again. */
  lastDate?: string;
}

/** Units whose digests one activity sends. */
export const DIGEST_UNITS_PAGE_SIZE = 50;

/** Digest days one run handles before continuing as new: a few events a day, so a month is small. */
export const DIGEST_DAYS_PER_RUN = 30;

/**
 * A digest woken this long after its planned time (the worker was down) is not sent: its lists
 * would be a day old by the time it is read, and the next day's digest follows.
 */
export const DIGEST_STALE_AFTER_MS = 12 * 3_600_000;

/** Where the digest stands: the last day handled and the one it waits for (null while it plans or sends). */
export interface DailyDigestStatus {
  lastDate: string | null;
  next: DigestDay | null;
}

/** Reads {@link DailyDigestStatus}: for an operator's `temporal workflow query`, and for the tests. */
export const dailyDigestStatusQuery = defineQuery<DailyDigestStatus>('dailyDigestStatus');
