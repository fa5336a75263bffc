/**
 * The clerk's console in Chromium against the real stack: a công văn pasted into "Đọc công văn",
 * read into a draft, confirmed into a directive, and a unit's report accepted on its page.
 */
import { asAdmin, asClerk, asOfficer, expectStatus, getTask, tasksOf, waitUntilAllActive } from '../support/api';
import { aLetter, unique, uniqueWord } from '../support/builders';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { screenshot, seriousViolations, signIn, useBrowser } from './support/browser';
import { typedDateIn } from './support/console-data';

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
const browser = useBrowser();

describe('the clerk console', () => {
  it('reads a pasted công văn into a directive, then accepts a unit’s report', async () => {
    const t = uniqueWord();
    const suffix = unique();
    const issuer = `it-${suffix}/ubnd`;
    const office = `it-${suffix}/phong-vh`;
    const police = `it-${suffix}/cong-an`;
    expectStatus(
      await stack.http.post(
        '/units',
        {
          units: [
            { id: issuer, name: `Ủy ban nhân dân huyện Thử ${t}`, level: 'district' },
            { id: office, name: `Phòng Văn hóa và Thông tin ${t}`, level: 'agency', parentId: issuer },
            { id: police, name: `Công an huyện ${t}`, level: 'agency', parentId: issuer },
          ],
        },
        asAdmin(),
      ),
      200,
    );
    const number = `45/UBND-VX${t}`;
    const text = aLetter(t, {
      heading: ['ỦY BAN NHÂN DÂN', `HUYỆN THỬ ${t}`],
      number,
      opening:
        'Thực hiện Công văn số 12/UBND-KGVX ngày 01/3/2026 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân huyện yêu cầu:',
      recipients: [`Phòng Văn hóa và Thông tin ${t}`, `Công an huyện ${t}`],
      closing: ['', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '', 'Nguyễn Văn An'],
    });

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
