/**
 * The administrator's console in Chromium against the real stack: units pasted as CSV, previewed
 * as new or updated, then imported all or nothing.
 */
import { asAdmin, expectStatus } from '../support/api';
import { anOrg, unique, type Org } from '../support/builders';
import { useStack } from '../support/use-stack';
import { screenshot, seriousViolations, signIn, useBrowser } from './support/browser';

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
const browser = useBrowser();
let org: Org;

beforeAll(async () => {
  org = await anOrg().withRecipients(1).create(stack);
});

describe('the admin console', () => {
  it('imports units from pasted CSV after a preview of what is new and what changes', async () => {
    const ward = `${org.province}/phuong-${unique()}`;
    const office = `${ward}/van-phong`;
    const csv = [
      'id,name,level,parentId',
      `${ward},Đảng ủy phường Thử,commune,${org.province}`,
      `${office},Văn phòng Đảng ủy phường Thử,agency,${ward}`,
      `${org.recipients[0]},Huyện ủy 1 (đổi tên),district,${org.province}`,
    ].join('\n');
    const page = await browser.open(stack);
    await signIn(page, { sub: 'quan.tri', unitId: org.province, roles: ['admin'] });
    await page.getByRole('heading', { name: 'Nhập đơn vị' }).waitFor();
    await page.getByLabel(/^Dán CSV/).fill(csv);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByText('2 đơn vị mới, 1 đơn vị cập nhật').waitFor();
    await screenshot(page, 'admin-import');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Nhập vào hệ thống' }).click();
    await page.getByText('Đã nhập 3 đơn vị: 2 mới, 1 cập nhật.').waitFor();
    expectStatus(await stack.http.get(`/units/${encodeURIComponent(office)}`, asAdmin()), 200);
  });
});
