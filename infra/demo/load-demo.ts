/**
 * Loads the demo organisation and directives through the API (so they go through the same
 * validation and workflows as anyone's). Safe to run again: units are upserted, directives
 * that already exist are found and kept.
 */
import { ensureLocalKeyPair, issueToken, readDemoPeople, readSigningKey } from '@dondoc/auth';
import { loadAuthSettings } from '@dondoc/config';
import { demoContactsOf } from './demo-contacts';
import { DEMO_DIRECTIVES } from './demo-directives';
import { DEMO_UNITS } from './demo-organisation';

const base = process.env.DONDOC_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}/api/v1`;
const DAY = 24 * 60 * 60 * 1000;

/** Who the loader speaks as: an administrator for the tree, a clerk of each issuing unit for its directives. */
interface Identity {
  unitId: string;
  role: 'admin' | 'clerk' | 'officer';
}

/** A task as GET /directives/:id/tasks lists it: what the loader needs to act on it. */
interface DemoTask {
  id: string;
  unitId: string;
  role: string;
  activatedAt: string | null;
}

const signing = (() => {
  const settings = loadAuthSettings(process.env);
  ensureLocalKeyPair(settings);
  return { settings, ...readSigningKey(settings.privateKeyFile) };
})();
const tokens = new Map<string, Promise<string>>();

/** A token from the local key pair for `who`, made once per identity. */
function authorization(who: Identity): Promise<string> {
  const key = `${who.role}:${who.unitId}`;
  let token = tokens.get(key);
  if (token === undefined) {
    const { settings, key: privateKey, algorithm } = signing;
    token = issueToken({
      ...settings,
      key: privateKey,
      algorithm,
      sub: 'demo-loader',
      unitId: who.unitId,
      roles: [who.role],
      ttlSeconds: 3_600,
    }).then((t) => `Bearer ${t}`);
    tokens.set(key, token);
  }
  return token;
}

async function call(
  who: Identity,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: await authorization(who) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: await response.json() };
}

async function main(): Promise<void> {
  const units = await call({ unitId: 'demo', role: 'admin' }, 'POST', '/units', { units: DEMO_UNITS });
  if (units.status !== 200) throw new Error(`loading units failed: ${units.status} ${JSON.stringify(units.body)}`);
  console.log(`demo: ${DEMO_UNITS.length} units loaded`);
  // Before the directives: their first notices are routed to the contacts that exist when they are sent.
  try {
    console.log(`demo: ${await loadContacts()} contacts added (e-mail to them lands in the mail catcher)`);
  } catch (error) {
    console.warn(
      `demo: no contacts (${error instanceof Error ? error.message : String(error)}); no e-mail will be sent`,
    );
  }

  // The demo's people (issue 13), so heads can assign to them before they first sign in.
  const people = readDemoPeople();
  for (const person of people) {
    const registered = await call({ unitId: 'demo', role: 'admin' }, 'POST', `/units/${person.unitId}/people`, {
      sub: person.sub,
      roles: person.roles,
      ...(person.name === undefined ? {} : { displayName: person.name }),
      ...(person.email === undefined ? {} : { email: person.email }),
    });
    // 409: registered by an earlier run, kept as it is.
    if (registered.status !== 201 && registered.status !== 409)
      throw new Error(`registering ${person.sub} failed: ${registered.status} ${JSON.stringify(registered.body)}`);
  }
  console.log(`demo: ${people.length} people registered (npm run token -- --person <sub>)`);

  const ids = new Map<string, string>();
  const createdNow: { id: string; issuerUnitId: string }[] = [];
  for (const directive of DEMO_DIRECTIVES) {
    const parentDirectiveId = directive.parentKey ? ids.get(directive.parentKey) : undefined;
    const created = await call({ unitId: directive.issuerUnitId, role: 'clerk' }, 'POST', '/directives', {
      number: directive.number,
      issuerUnitId: directive.issuerUnitId,
      subject: directive.subject,
      issuedAt: directive.issuedAt,
      body: directive.body,
      ...(parentDirectiveId ? { parentDirectiveId } : {}),
      ...(directive.reviewRequired ? { reviewRequired: true } : {}),
      assignments: directive.assignments.map((a) => ({
        unitId: a.unitId,
        role: a.role,
        instructions: a.instructions,
        dueAt: new Date(Date.now() + a.dueInDays * DAY).toISOString(),
      })),
    });
    const body = created.body as { id?: string; details?: { existingDirectiveId?: string } };
    if (created.status === 201 && body.id) {
      ids.set(directive.key, body.id);
      createdNow.push({ id: body.id, issuerUnitId: directive.issuerUnitId });
      console.log(`demo: directive ${directive.number} created (${body.id}, ${directive.assignments.length} tasks)`);
    } else if (created.status === 409 && body.details?.existingDirectiveId) {
      ids.set(directive.key, body.details.existingDirectiveId);
      console.log(`demo: directive ${directive.number} already there (${body.details.existingDirectiveId})`);
    } else {
      throw new Error(`creating ${directive.number} failed: ${created.status} ${JSON.stringify(created.body)}`);
    }
  }
  let acted = 0;
  for (const directive of createdNow) acted += await doSomeWork(directive.id, directive.issuerUnitId);
  if (acted > 0) console.log(`demo: ${acted} tasks delivered or read, so the statistics have something to show`);
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const inAYear = new Date(Date.now() + 7 * 3_600_000 + 365 * DAY).toISOString().slice(0, 10);
  console.log(
    `demo: statistics of Bắc Kạn as a meeting report: GET ${base}/statistics/units.xlsx?from=${today}&to=${inAYear}&unitId=bac-kan/tinh-uy (as a clerk or supervisor of bac-kan/tinh-uy, or bac-kan/bcd35)`,
  );
}

/**
 * Each demo unit's contacts (./demo-contacts), as an administrator. An address the unit already
 * has answers 409 and is kept, so a second run adds nothing; returns how many were added.
 */
async function loadContacts(): Promise<number> {
  const withTasks = new Set(DEMO_DIRECTIVES.flatMap((d) => d.assignments.map((a) => a.unitId)));
  let added = 0;
  for (const unit of DEMO_UNITS) {
    for (const contact of demoContactsOf(unit, withTasks.has(unit.id))) {
      const answer = await call({ unitId: 'demo', role: 'admin' }, 'POST', `/units/${unit.id}/contacts`, contact);
      if (answer.status === 201) added += 1;
      else if (answer.status !== 409)
        throw new Error(
          `adding ${contact.email} to ${unit.id} failed: ${answer.status} ${JSON.stringify(answer.body)}`,
        );
    }
  }
  return added;
}

/**
 * Some work done in a directive just created, as its units' officers would: the first task's
 * report submitted (completed on time, or waiting for review) and every inform task read. Waits
 * up to a minute for the tasks to start; returns how many tasks it acted on.
 */
async function doSomeWork(directiveId: string, issuerUnitId: string): Promise<number> {
  const giveUpAt = Date.now() + 60_000;
  let tasks: DemoTask[] = [];
  while (Date.now() < giveUpAt) {
    const page = await call(
      { unitId: issuerUnitId, role: 'clerk' },
      'GET',
      `/directives/${directiveId}/tasks?limit=100`,
    );
    tasks = (page.body as { items?: DemoTask[] }).items ?? [];
    if (tasks.length > 0 && tasks.every((t) => t.activatedAt !== null)) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  let acted = 0;
  for (const [i, task] of tasks.entries()) {
    const officer: Identity = { unitId: task.unitId, role: 'officer' };
    const answer =
      task.role === 'inform'
        ? await call(officer, 'POST', `/tasks/${task.id}/acknowledge`, {})
        : i === 0
          ? await call(officer, 'POST', `/tasks/${task.id}/submit`, {
              report: 'Đã quán triệt, triển khai và báo cáo kết quả thực hiện.',
            })
          : null;
    if (answer?.status === 200) acted += 1;
  }
  return acted;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
