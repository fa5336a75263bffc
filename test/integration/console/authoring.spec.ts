/**
 * The clerk's authoring screens in Chromium against the real stack: a directive issued from the
 * form to two units picked in the organisation tree, an extension request approved from the
 * queue, a unit's deadline amended (and withdrawal asked for again) on the directive's page.
 */
import { asClerk, asOfficer, expectStatus, getTask, tasksOf, type ExtensionRequestView } from '../support/api';
import { DAY, anOrg, isoIn, unique, type Org } from '../support/builders';
import { aDistrict } from '../support/district-letter';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { PHONE, screenshot, seriousViolations, signIn, useBrowser } from './support/browser';
import { issueTask, typedDateIn } from './support/console-data';
import { aPdf } from '../attachments/attachment-files';

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
const browser = useBrowser();
let org: Org;

beforeAll(async () => {
  org = await anOrg().withRecipients(2).create(stack);
});

describe('the clerk’s authoring screens', () => {
  it('issues a directive to two units picked from the tree, and finds it in the list with its tasks', async () => {
    const { token: t, issuer, office, police } = await aDistrict(stack);
    const number = `77/UBND-VX${t}`;
    const page = await browser.open(stack);
    await signIn(page, { sub: 'van.thu', unitId: issuer, roles: ['clerk'] });
    await page.getByRole('link', { name: 'Ban hành văn bản mới' }).first().click();
    const form = page.getByRole('form', { name: 'Ban hành văn bản mới' });
    await form.waitFor();

    // Nothing filled in: the form says what is missing before anything is sent.
    await form.getByRole('button', { name: 'Ban hành', exact: true }).click();
    await form.getByText('Cần chọn ít nhất một đơn vị nhận.').waitFor();
    expect(await form.getByText('Cần nhập ô này.').count()).toBeGreaterThanOrEqual(3);

    await form.getByLabel('Số, ký hiệu').fill(number);
    await form.getByLabel('Trích yếu').fill(`Về tuyên truyền phòng, chống ma túy ${t}`);
    await form.getByLabel('Nội dung giao cho các đơn vị').fill(`Tổ chức tuyên truyền ${t} và báo cáo kết quả.`);
    const search = form.getByLabel('Tìm đơn vị');
    await search.fill('phong van hoa'); // without diacritics, as people type on a phone
    await form.getByRole('checkbox', { name: `Phòng Văn hóa và Thông tin ${t} (${office})` }).check();
    await search.fill('Công an');
    await form.getByRole('checkbox', { name: `Công an huyện ${t} (${police})` }).check();
    await search.fill('');
    await form.getByLabel(`Vai trò của ${police}`).click();
    await page.getByRole('option', { name: 'Phối hợp' }).click();

    // A deadline past what the API accepts: its 400 is shown under the deadline's input.
    const dueAt = form.getByRole('textbox', { name: /Hạn hoàn thành/ });
    await dueAt.fill('01/01/2099');
    await form.getByRole('button', { name: 'Ban hành', exact: true }).click();
    await pollUntil(
      () => dueAt.getAttribute('aria-invalid'),
      (invalid) => invalid === 'true',
      { timeoutMs: 15_000, intervalMs: 200, description: 'the API’s 400 under the deadline' },
    );
    expect(await form.getByText('Cần nhập ô này.').count()).toBe(0);
    await dueAt.fill(`${typedDateIn(14)} 17:00`);
    // Changed, the deadline no longer shows the answer about the value it replaced.
    expect(await dueAt.getAttribute('aria-invalid')).not.toBe('true');
    await screenshot(page, 'clerk-new-directive');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Ban hành', exact: true }).click();

    await page.getByRole('heading', { name: new RegExp(`UBND-VX${t}`) }).waitFor();
    for (const unit of [office, police]) await page.getByRole('row').filter({ hasText: unit }).waitFor();
    const directiveId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const tasks = await tasksOf(stack, directiveId, asClerk(issuer));
    expect(tasks.map((task) => [task.unitId, task.role]).sort()).toEqual(
      [
        [police, 'coordinate'],
        [office, 'lead'],
      ].sort(),
    );
    expect(new Set(tasks.map((task) => task.dueAt)).size).toBe(1);

    await page.getByRole('link', { name: 'Văn bản chỉ đạo', exact: true }).click();
    await page.getByRole('link', { name: new RegExp(`UBND-VX${t}`) }).click();
    await page.getByRole('row').filter({ hasText: office }).waitFor();
  });

  it('fits the form on a 390-pixel phone without sideways scrolling', async () => {
    const page = await browser.open(stack, PHONE);
    await signIn(page, { sub: 'van.thu.2', unitId: org.issuer, roles: ['clerk'] });
    await page.goto('/directives/new');
    const form = page.getByRole('form', { name: 'Ban hành văn bản mới' });
    // The organisation's top, as the tree opens: the clerk's unit is below it.
    await form.getByRole('checkbox', { name: `Tỉnh ủy (${org.province})` }).waitFor();
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'clerk-new-directive-phone');
  });

  it('approves a unit’s extension request from the queue, with the deadline it asked for', async () => {
    const unit = org.recipients[0] ?? '';
    const issued = await issueTask(stack, org, unit, { dueAt: isoIn(10 * DAY) });
    const requestedDueAt = isoIn(30 * DAY);
    const request = expectStatus(
      await stack.http.post<ExtensionRequestView>(
        `/tasks/${issued.taskId}/extension-requests`,
        { requestedDueAt, reason: `Chờ số liệu của Sở ${unique()}` },
        asOfficer(unit, 'can.bo.xin'),
      ),
      201,
    );
    const page = await browser.open(stack);
    await signIn(page, { sub: 'van.thu', unitId: org.issuer, roles: ['clerk'] });
    await page.getByRole('link', { name: 'Đề nghị gia hạn' }).click();
    const card = page.getByRole('listitem').filter({ hasText: request.reason });
    await card.waitFor();
    await page.mouse.move(600, 10); // off the menu entry just clicked: axe judges the page, not a hover
    await screenshot(page, 'clerk-extension-requests');
    expect(await seriousViolations(page)).toEqual([]);

    await card.getByRole('button', { name: 'Đồng ý gia hạn' }).click();
    const dialog = page.getByRole('dialog', { name: 'Đồng ý gia hạn' });
    await dialog.getByText(`Đồng ý gia hạn cho ${unit} đến`).waitFor();
    await dialog.getByLabel('Ghi chú').fill('Đồng ý, đề nghị khẩn trương.');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Đồng ý gia hạn' }).click();
    await card.waitFor({ state: 'detached' });

    const task = await pollUntil(
      () => getTask(stack, issued.taskId, asClerk(org.issuer)),
      (view) => view.dueAt === requestedDueAt,
      { timeoutMs: 10_000, description: 'the new deadline' },
    );
    expect(task.originalDueAt).not.toBe(requestedDueAt);
    expect(
      expectStatus(
        await stack.http.get<ExtensionRequestView>(`/extension-requests/${request.id}`, asClerk(org.issuer)),
        200,
      ),
    ).toMatchObject({ status: 'approved', decidedBy: 'van.thu' });
  });

  it('amends a unit’s deadline after a confirmation, and asks again before withdrawing', async () => {
    const unit = org.recipients[1] ?? '';
    const issued = await issueTask(stack, org, unit, { dueAt: isoIn(10 * DAY) });
    const page = await browser.open(stack);
    await signIn(page, { sub: 'van.thu', unitId: org.issuer, roles: ['clerk'] });
    await page.goto(`/directives/${issued.directive.id}`);
    const row = page.getByRole('row').filter({ hasText: unit });
    await row.getByRole('button', { name: `Sửa hạn của ${unit}` }).click();
    const dialog = page.getByRole('dialog', { name: `Sửa hạn của ${unit}` });
    await dialog.getByText('hạn ban đầu vẫn được lưu', { exact: false }).waitFor();
    await dialog.getByLabel(/Hạn mới/).fill('31/02/2027');
    await dialog.getByRole('button', { name: 'Xác nhận sửa hạn' }).click();
    await dialog.getByText('Hạn mới phải theo dạng dd/mm/yyyy hoặc dd/mm/yyyy HH:mm.').waitFor();
    const typed = typedDateIn(40);
    await dialog.getByLabel(/Hạn mới/).fill(`${typed} 16:30`);
    await dialog.getByLabel('Lý do sửa hạn').fill('Theo chỉ đạo của Thường trực');
    await screenshot(page, 'clerk-amend');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Xác nhận sửa hạn' }).click();
    await row.getByText(`${typed} 16:30`).waitFor();
    const amended = await getTask(stack, issued.taskId, asClerk(org.issuer));
    expect(amended.dueAt).not.toBe(amended.originalDueAt);

    await page.getByRole('button', { name: 'Thu hồi văn bản' }).click();
    const withdraw = page.getByRole('dialog', { name: 'Thu hồi văn bản' });
    await withdraw.getByText('Thu hồi văn bản này? Mọi việc đang mở sẽ bị hủy.').waitFor();
    await withdraw.getByRole('button', { name: 'Hủy' }).click();
    await withdraw.waitFor({ state: 'detached' });
    expect((await getTask(stack, issued.taskId, asClerk(org.issuer))).status).toBe('assigned');
  });
});

describe('a task’s comments and attachments', () => {
  it('lets an officer comment and attach a file, both in the timeline; own comments edited and deleted; a refused type said', async () => {
    const unit = org.recipients[0] ?? '';
    const issued = await issueTask(stack, org, unit, { dueAt: isoIn(12 * DAY) });
    const page = await browser.open(stack);
    await signIn(page, { sub: 'can.bo.1', unitId: unit, roles: ['officer'] });
    await page.goto(`/tasks/${issued.taskId}`);
    const comments = page.getByRole('region', { name: 'Ý kiến trao đổi' });
    const timeline = page.getByRole('region', { name: 'Diễn biến' });
    const text = `Đơn vị đang tổng hợp số liệu ${unique()}`;
    await comments.getByLabel('Ý kiến của bạn').fill(text);
    await comments.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await timeline.getByText(text).waitFor();
    await comments.getByRole('listitem').filter({ hasText: text }).waitFor();

    const files = page.getByRole('region', { name: 'Tệp đính kèm' });
    await files.locator('input[type=file]').setInputFiles({
      name: 'bao-cao-so-lieu.pdf',
      mimeType: 'application/pdf',
      buffer: aPdf(),
    });
    await files.getByRole('button', { name: 'Tải lên' }).click();
    await timeline.getByText('Đính kèm tệp bao-cao-so-lieu.pdf').waitFor();
    const download = page.waitForEvent('download');
    await files.getByRole('button', { name: 'Tải về bao-cao-so-lieu.pdf' }).click();
    expect((await download).suggestedFilename()).toBe('bao-cao-so-lieu.pdf');
    await screenshot(page, 'officer-task-comments');
    expect(await seriousViolations(page)).toEqual([]);

    // A text file is not a type the API takes: its 415 is said under the file's input.
    await files.locator('input[type=file]').setInputFiles({
      name: 'ghi-chu.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('chỉ là ghi chú'),
    });
    await files.getByRole('button', { name: 'Tải lên' }).click();
    await pollUntil(
      () => files.getByRole('button', { name: /Chọn tệp/ }).getAttribute('aria-invalid'),
      (invalid) => invalid === 'true',
      { timeoutMs: 15_000, intervalMs: 200, description: 'the 415 under the file input' },
    );

    const mine = comments.getByRole('listitem').filter({ hasText: text });
    await mine.getByRole('button', { name: 'Sửa' }).click();
    await mine.getByLabel('Sửa ý kiến').fill(`${text} (đã cập nhật)`);
    await mine.getByRole('button', { name: 'Lưu' }).click();
    await timeline.getByText(`${text} (đã cập nhật)`).waitFor();
    await comments
      .getByRole('listitem')
      .filter({ hasText: `${text} (đã cập nhật)` })
      .getByRole('button', { name: 'Xóa' })
      .click();
    await page.getByRole('dialog', { name: 'Xóa' }).getByRole('button', { name: 'Xóa' }).click();
    await comments.getByText('Ý kiến đã bị xóa.').waitFor();
    await timeline.getByText('Ý kiến đã bị xóa.').waitFor();
  });
});
