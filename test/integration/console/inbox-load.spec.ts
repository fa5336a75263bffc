/**
 * "Việc của tôi" opened from its address with a session already in the tab, as most loads land
 * (bench/console measures the same load): the settings read once (index.html's preload taken
 * over by the script), the list read once (the start-up's prefetch, which the page uses rather
 * than asking again), and every task of the first page on screen, although the first render
 * draws only a screenful of rows.
 */
import { anOrg, type Org } from '../support/builders';
import { pollUntil } from '../support/stack';
import { useStack } from '../support/use-stack';
import { signIn, useBrowser } from './support/browser';
import { seedOpenTasks } from './support/open-tasks';

/** More than one page of the inbox (100 a page): the second comes through "Tải thêm". */
const OPEN_TASKS = 130;

const stack = useStack({ env: { DONDOC_DEV_SIGN_IN: 'true' } });
const browser = useBrowser();
let org: Org;
let unit: string;

beforeAll(async () => {
  org = await anOrg().withRecipients(1).create(stack);
  unit = org.recipients[0] ?? '';
  await seedOpenTasks(stack.databaseUrl, org.issuer, unit, OPEN_TASKS);
});

describe('the inbox’s first load', () => {
  it('reads the settings and the list once each and shows every row of the page, then the next page', async () => {
    const page = await browser.open(stack);
    await signIn(page, { sub: 'can.bo.1', unitId: unit, roles: ['officer'] });
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/')) apiCalls.push(pathname);
    });

    await page.goto('/inbox');
    const rows = page.getByTestId('inbox-row');
    await rows.first().waitFor();
    await pollUntil(
      () => rows.count(),
      (count) => count === 100,
      { timeoutMs: 15_000, description: 'the whole first page (100 rows) on screen' },
    );
    // The notices bell asks for its list when the page mounts, where a second GET /tasks would go out.
    await pollUntil(
      () => Promise.resolve(apiCalls),
      (calls) => calls.includes('/api/v1/notifications'),
      { timeoutMs: 15_000, description: 'the page to have mounted (GET /notifications)' },
    );
    expect(apiCalls.filter((call) => call === '/api/v1/console/settings')).toHaveLength(1);
    expect(apiCalls.filter((call) => call === '/api/v1/tasks')).toHaveLength(1);

    await page.getByRole('button', { name: 'Tải thêm' }).click();
    await pollUntil(
      () => rows.count(),
      (count) => count === OPEN_TASKS,
      { timeoutMs: 15_000, description: `all ${OPEN_TASKS} rows after "Tải thêm"` },
    );
    await page.getByRole('button', { name: 'Tải thêm' }).waitFor({ state: 'detached' });
  });
});
