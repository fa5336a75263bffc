/**
 * The clerk's console in Chromium against the real stack: a công văn pasted into "Đọc công văn",
 * read into a draft, confirmed into a directive, and a unit's report accepted on its page.
 */
import { asClerk, asOfficer, expectStatus, getTask, tasksOf, waitUntilAllActive } from '../support/api';
import { aDistrictLetter } from '../support/district-letter';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { screenshot, seriousViolations, signIn, useBrowser } from './support/browser';
import { typedDateIn } from './support/console-data';

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
const browser = useBrowser();

describe('the clerk console', () => {
  it('reads a pasted công văn into a directive, then accepts a unit’s report', async () => {
    const { text, token: t, issuer, office } = await aDistrictLetter(stack);

    const page = await browser.open(stack);
    await signIn(page, { sub: 'van.thu', unitId: issuer, roles: ['clerk'] });
    await page.getByRole('heading', { name: 'Văn bản chỉ đạo của đơn vị' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Đọc công văn' }).first().click();
    await page.getByLabel('Dán nội dung công văn').fill(text);
    await page.getByRole('button', { name: 'Đọc', exact: true }).click();
    const draft = page.getByRole('region', { name: 'Bản nháp đọc được' });
    await draft.waitFor();
    expect(await draft.getByLabel('Số, ký hiệu').inputValue()).toContain(`UBND-VX${t}`);
    await draft.getByLabel(/Hạn hoàn thành/).fill(typedDateIn(10));
    await screenshot(page, 'clerk-intake');
    expect(await seriousViolations(page)).toEqual([]);
    await draft.getByRole('button', { name: 'Xác nhận và ban hành' }).click();

    await page.getByRole('heading', { name: new RegExp(`UBND-VX${t}`) }).waitFor();
    const directiveId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await waitUntilAllActive(stack, directiveId, 60_000, asClerk(issuer));
    const officeTask = (await tasksOf(stack, directiveId, asClerk(issuer))).find((task) => task.unitId === office);
    expect(officeTask).toBeDefined();
    expectStatus(
      await stack.http.post(`/tasks/${officeTask?.id}/submit`, { report: `Đã tuyên truyền ${t}` }, asOfficer(office)),
      200,
      'the office submits its report',
    );

    await page.reload();
    const row = page.getByRole('row').filter({ hasText: office });
    await row.getByText(`Đã tuyên truyền ${t}`).waitFor();
    await screenshot(page, 'clerk-directive');
    expect(await seriousViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Chấp nhận báo cáo' }).click();
    await row.getByText('Hoàn thành').waitFor();
    const accepted = await pollUntil(
      () => getTask(stack, officeTask?.id ?? '', asClerk(issuer)),
      (task) => task.status === 'completed',
      { timeoutMs: 10_000, description: 'the report to be accepted' },
    );
    expect(accepted.status).toBe('completed');
  });
});
