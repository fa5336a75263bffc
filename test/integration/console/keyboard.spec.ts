/**
 * An officer's main job with the keyboard alone (Tab, Enter, Space), in Chromium: from
 * "Việc của tôi" open a task, acknowledge it, report progress, every step on an element whose
 * focus can be seen.
 */
import type { Page as BrowserPage } from 'playwright-core';
import { asOfficer, getTask } from '../support/api';
import { anOrg, DAY, isoIn, type Org } from '../support/builders';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { signIn, useBrowser } from './support/browser';
import { issueTask } from './support/console-data';

/** More Tab presses than any screen needs to reach its control; past this the control is unreachable. */
const MAX_TABS = 60;

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
const browser = useBrowser();
let org: Org;

beforeAll(async () => {
  org = await anOrg().withRecipients(1).create(stack);
});

/** What has the focus now: its role-ish tag, its accessible text, and whether the focus is drawn. */
interface Focused {
  tag: string;
  text: string;
  visible: boolean;
}

/** Evaluated in the page (a string: the test's TypeScript has no DOM). */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (el === null || el === document.body) return { tag: 'body', text: '', visible: false };
  const style = getComputedStyle(el);
  const drawn = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  const label = el.getAttribute('aria-label') ?? (el.labels && el.labels[0] ? el.labels[0].textContent : null);
  return { tag: el.tagName.toLowerCase(), text: (label ?? el.textContent ?? '').trim(), visible: el.matches(':focus-visible') && drawn };
})()`;

/**
 * Presses Tab until the focused element's text matches `name`; fails if it never does or its focus
 * is not drawn. Answers how many presses it took.
 */
async function tabTo(page: BrowserPage, name: RegExp): Promise<number> {
  const seen: string[] = [];
  for (let presses = 0; presses < MAX_TABS; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = (await page.evaluate(FOCUSED)) as Focused;
    if (name.test(focused.text)) {
      expect({ element: focused.text, focusDrawn: focused.visible }).toEqual({
        element: focused.text,
        focusDrawn: true,
      });
      return presses + 1;
    }
    seen.push(`${focused.tag}:${focused.text.slice(0, 30)}`);
  }
  throw new Error(`${String(name)} not reached in ${MAX_TABS} Tab presses; focus went ${seen.join(' → ')}`);
}

describe('the officer console by keyboard', () => {
  it('opens a task, acknowledges it and reports progress with Tab, Enter and Space only', async () => {
    const unit = org.recipients[0]!;
    const issued = await issueTask(stack, org, unit, { review: true, dueAt: isoIn(5 * DAY) });
    const page = await browser.open(stack);
    await signIn(page, { sub: 'can.bo.1', unitId: unit, roles: ['officer'] });
    await page.getByTestId('inbox-row').filter({ hasText: issued.instructions }).waitFor();

    await tabTo(page, new RegExp(issued.instructions));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: issued.instructions }).waitFor();

    await tabTo(page, /^Xác nhận đã nhận$/);
    await page.keyboard.press('Space');
    await page.getByRole('form', { name: 'Báo cáo tiến độ' }).waitFor();
    await pollUntil(
      () => getTask(stack, issued.taskId, asOfficer(unit)),
      (task) => task.status === 'acknowledged',
      { timeoutMs: 10_000, description: 'the task to be acknowledged' },
    );

    // The next action is the next stop: the keyboard does not start again from the top of the page.
    expect(await tabTo(page, /^Phần trăm hoàn thành/)).toBeLessThanOrEqual(2);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('60');
    await tabTo(page, /^Ghi chú/);
    await page.keyboard.type('Đã triển khai tới các xã');
    await tabTo(page, /^Báo cáo tiến độ$/);
    await page.keyboard.press('Enter');
    await page.getByText('60% — Đã triển khai tới các xã').waitFor();

    const task = await getTask(stack, issued.taskId, asOfficer(unit));
    expect(task).toMatchObject({ status: 'in_progress', progress: { percent: 60 } });
  });
});
