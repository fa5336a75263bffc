/**
 * Live screens in Chromium: an officer's open inbox shows a task another person gave the unit
 * without a reload, told by the event stream sooner than the poll would ask; a supervisor's open
 * queue shows an escalation the engine opened; and when the stream cannot be opened, the inbox
 * still catches up by polling with ETags.
 */
import type { Page as BrowserPage } from 'playwright-core';
import { asSupervisor, type EscalationView, type Page } from '../support/api';
import { anOrg, isoIn, SECOND, type Org } from '../support/builders';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { signIn, useBrowser } from './support/browser';
import { issueTask } from './support/console-data';

/** The console's poll when the stream is down (apps/console/src/live/live.ts). */
const LIVE_INTERVAL_MS = 10_000;

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true', DONDOC_EVENT_STREAM_POLL_MS: '200' } });
const browser = useBrowser();
let org: Org;

beforeAll(async () => {
  org = await anOrg().withRecipients(2).create(stack);
});

/** Resolves once the page has an event stream answered 200 (the console opened it). */
function streamOpened(page: BrowserPage): Promise<unknown> {
  return page.waitForResponse(
    (response) => response.url().endsWith('/api/v1/events/stream') && response.status() === 200,
    {
      timeout: 30_000,
    },
  );
}

describe('live updates in the console', () => {
  it('shows the officer a task another person assigned to the unit, without a reload, before the next poll', async () => {
    const unit = org.recipients[0]!;
    const page = await browser.open(stack);
    const opened = streamOpened(page);
    await signIn(page, { sub: 'can.bo.1', unitId: unit, roles: ['officer'] });
    await page.getByRole('heading', { name: 'Việc của tôi' }).waitFor();
    await page.getByText('Không có việc nào khớp bộ lọc.').or(page.getByTestId('inbox-row').first()).waitFor();
    await opened;

    // The clerk of the issuing unit, through the API: issueTask returns once the task is listed.
    const issued = await issueTask(stack, org, unit);
    const listedAt = Date.now();
    await page.getByTestId('inbox-row').filter({ hasText: issued.instructions }).waitFor({ timeout: LIVE_INTERVAL_MS });
    expect(Date.now() - listedAt).toBeLessThan(LIVE_INTERVAL_MS);
  });

  it('shows the supervisor an escalation the engine opened, on the open queue, without a reload', async () => {
    const page = await browser.open(stack);
    const opened = streamOpened(page);
    await signIn(page, { sub: 'giam.sat', unitId: org.coordinator, roles: ['supervisor'] });
    await page.getByRole('heading', { name: 'Hàng đợi kiến nghị' }).waitFor();
    await opened;

    const issued = await issueTask(stack, org, org.recipients[0]!, {
      dueAt: isoIn(3 * SECOND),
      policy: { before: [], atDeadline: false, overdueEvery: null, escalateAfter: 'PT1S' },
    });
    await pollUntil(
      () => stack.http.get<Page<EscalationView>>(`/escalations?taskId=${issued.taskId}`, asSupervisor(org.coordinator)),
      (response) => response.status === 200 && response.body.items.length > 0,
      { timeoutMs: 60_000, description: 'the engine to open the escalation' },
    );
    const openedAt = Date.now();
    await page
      .getByTestId('escalation-row')
      .filter({ hasText: issued.instructions })
      .waitFor({ timeout: LIVE_INTERVAL_MS });
    expect(Date.now() - openedAt).toBeLessThan(LIVE_INTERVAL_MS);
  });

  it('falls back to polling when the stream cannot be opened', async () => {
    const unit = org.recipients[1]!;
    const page = await browser.open(stack);
    let refused = 0;
    await page.route('**/api/v1/events/stream', async (route) => {
      refused += 1;
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: '{"statusCode":503,"message":"down"}',
      });
    });
    await signIn(page, { sub: 'can.bo.2', unitId: unit, roles: ['officer'] });
    await page.getByRole('heading', { name: 'Việc của tôi' }).waitFor();
    await pollUntil(
      () => Promise.resolve(refused),
      (n) => n > 0,
      {
        timeoutMs: 30_000,
        description: 'the console to try the stream',
      },
    );

    const issued = await issueTask(stack, org, unit);
    await page
      .getByTestId('inbox-row')
      .filter({ hasText: issued.instructions })
      .waitFor({ timeout: 2 * LIVE_INTERVAL_MS + 5_000 });
  });
});
