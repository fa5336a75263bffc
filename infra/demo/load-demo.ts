/**
 * Loads the demo organisation and directives through the API (so they go through the same
 * validation and workflows as anyone's). Safe to run again: units are upserted, directives
 * that already exist are found and kept.
 */
import { ensureLocalKeyPair, issueToken, readSigningKey } from '@dondoc/auth';
import { loadAuthSettings } from '@dondoc/config';
import { DEMO_DIRECTIVES } from './demo-directives';
import { DEMO_UNITS } from './demo-organisation';

const base = process.env.DONDOC_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}/api/v1`;
const DAY = 24 * 60 * 60 * 1000;

/** Who the loader speaks as: an administrator for the tree, a clerk of each issuing unit for its directives. */
interface Identity {
  unitId: string;
  role: 'admin' | 'clerk';
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
    token = issueToken({ ...settings, key: privateKey, algorithm, sub: 'demo-loader', unitId: who.unitId, roles: [who.role], ttlSeconds: 3_600 }).then((t) => `Bearer ${t}`);
    tokens.set(key, token);
  }
  return token;
}

async function call(who: Identity, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
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

  const ids = new Map<string, string>();
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
      console.log(`demo: directive ${directive.number} created (${body.id}, ${directive.assignments.length} tasks)`);
    } else if (created.status === 409 && body.details?.existingDirectiveId) {
      ids.set(directive.key, body.details.existingDirectiveId);
      console.log(`demo: directive ${directive.number} already there (${body.details.existingDirectiveId})`);
    } else {
      throw new Error(`creating ${directive.number} failed: ${created.status} ${JSON.stringify(created.body)}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
