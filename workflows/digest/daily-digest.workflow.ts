/**
 * The daily digest: on each working day at DONDOC_DIGEST_AT (Vietnam time), every contact in
 * `digest` mode gets one e-mail listing its unit's tasks due soon, overdue and escalated. Why a
 * workflow of our own rather than a Temporal Schedule: the days come from Dondoc's calendar
 * (holidays, Tết, swapped Saturdays, edited at run time), which a cron cannot say; a durable timer
 * to the next planned day, re-checked against the calendar when it fires, can; and the
 * time-skipping test server runs it, where it does not run Schedules.
 *
 * The plan and the day's check are activities (the calendar lives in PostgreSQL); the workflow
 * keeps only the day it last sent. Changes to the commands it issues go behind `patched()`.
 */
import {
  ActivityFailure,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { DigestDay } from '@dondoc/domain';
import type { DigestActivities } from '@dondoc/activities';
import {
  DIGEST_DAYS_PER_RUN,
  DIGEST_STALE_AFTER_MS,
  DIGEST_UNITS_PAGE_SIZE,
  dailyDigestStatusQuery,
  type DailyDigestInput,
} from './contract';

const { planNextDigest, listDigestUnits } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** A page of e-mails; an SMTP server down for hours gives up on the day, not on the workflow. */
const { sendUnitDigests } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '10 minutes',
  scheduleToCloseTimeout: '6 hours',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function dailyDigestWorkflow(input: DailyDigestInput = {}): Promise<void> {
  let lastDate = input.lastDate;
  let next: DigestDay | null = null;
  setHandler(dailyDigestStatusQuery, () => ({ lastDate: lastDate ?? null, next }));
  for (let days = 0; days < DIGEST_DAYS_PER_RUN && !workflowInfo().continueAsNewSuggested;) {
    const planned = await planNextDigest({ after: Date.now() });
    next = planned;
    if (planned.at > Date.now()) await sleep(planned.at - Date.now());
    next = null;
    // The calendar may have changed while we slept (a holiday announced): ask again for that instant.
    const confirmed = await planNextDigest({ after: planned.at - 1 });
    if (confirmed.date !== planned.date || confirmed.at !== planned.at || planned.date === lastDate) continue;
    days += 1;
    lastDate = planned.date;
    if (Date.now() - planned.at > DIGEST_STALE_AFTER_MS) {
      log.warn('digest skipped: woken too long after its time', { date: planned.date });
      continue;
    }
    await sendDay(planned.date, planned.at);
  }
  return await continueAsNew<typeof dailyDigestWorkflow>(lastDate === undefined ? {} : { lastDate });
}

/** Sends one day's digests page by page; a page that keeps failing is logged and the day goes on. */
async function sendDay(date: string, at: number): Promise<void> {
  let afterUnitId: string | null = null;
  for (;;) {
    const unitIds: string[] = await listDigestUnits({ afterUnitId, limit: DIGEST_UNITS_PAGE_SIZE });
    if (unitIds.length === 0) return;
    try {
      await sendUnitDigests({ unitIds, date, at });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.error('digests not sent for a page of units', { date, firstUnitId: unitIds[0], error: error.message });
    }
    afterUnitId = unitIds.at(-1) ?? null;
  }
}
