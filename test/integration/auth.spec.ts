/**
 * Who may call what, on the real stack: every endpoint against every role and every kind of bad
 * token; every endpoint a role may use against its scope (a resource of the person's own
 * organisation, and one of another); then the hardening around them (request id, headers, body
 * limit, rate limit).
 */
import { randomUUID } from 'node:crypto';
import {
  asAdmin,
  asClerk,
  asOfficer,
  asSupervisor,
  expectStatus,
  taskOfUnit,
  type DirectiveView,
  type ErrorBody,
  type EscalationView,
  type ExtensionRequestView,
  type NotificationView,
  type Page,
  type TaskView,
  type UnitView,
} from './support/api';
import {
  DAY,
  QUIET_POLICY,
  SECOND,
  aDirective,
  aLetter,
  anOrg,
  isoIn,
  unique,
  uniqueWord,
  type Org,
} from './support/builders';
import { pollUntil, type HttpResponse, type RequestOptions } from './support/stack';
import { useStack } from './support/use-stack';
import { aPdf, multipart, send as sendRaw, upload } from './attachments/attachment-files';

const RATE_LIMIT = 400;

const stack = useStack({ env: { DONDOC_BODY_LIMIT: '64kb', DONDOC_RATE_LIMIT: String(RATE_LIMIT) } });

type Role = 'officer' | 'clerk' | 'supervisor' | 'admin';
const EVERY: Role[] = ['officer', 'clerk', 'supervisor', 'admin'];
const id = randomUUID();

/** Every endpoint with the roles that may use it; ids name nothing, so an allowed call answers 4xx from the handler. */
const ENDPOINTS: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; roles: Role[] }[] = [
  { method: 'POST', path: '/units', roles: ['admin'] },
  { method: 'GET', path: '/units', roles: EVERY },
  { method: 'POST', path: '/units/import', roles: ['admin'] },
  { method: 'GET', path: '/units/export', roles: EVERY },
  { method: 'GET', path: '/units/nowhere/subtree', roles: EVERY },
  { method: 'GET', path: '/units/nowhere', roles: EVERY },
  { method: 'POST', path: '/directives', roles: ['clerk'] },
  { method: 'GET', path: '/directives', roles: EVERY },
  { method: 'GET', path: `/directives/${id}`, roles: EVERY },
  { method: 'GET', path: `/directives/${id}/tasks`, roles: EVERY },
  { method: 'POST', path: `/directives/${id}/withdraw`, roles: ['clerk'] },
  { method: 'POST', path: `/directives/${id}/amendments`, roles: ['clerk'] },
  { method: 'GET', path: `/directives/${id}/tree`, roles: EVERY },
  { method: 'GET', path: '/tasks', roles: EVERY },
  { method: 'GET', path: `/tasks/${id}`, roles: EVERY },
  { method: 'GET', path: `/tasks/${id}/events`, roles: EVERY },
  { method: 'GET', path: `/tasks/${id}/path`, roles: EVERY },
  { method: 'POST', path: `/tasks/${id}/acknowledge`, roles: ['officer'] },
  { method: 'POST', path: `/tasks/${id}/progress`, roles: ['officer'] },
  { method: 'POST', path: `/tasks/${id}/submit`, roles: ['officer'] },
  { method: 'POST', path: `/tasks/${id}/extension-requests`, roles: ['officer'] },
  { method: 'POST', path: `/tasks/${id}/accept`, roles: ['clerk'] },
  { method: 'POST', path: `/tasks/${id}/return`, roles: ['clerk'] },
  { method: 'POST', path: `/tasks/${id}/implement`, roles: ['clerk'] },
  { method: 'GET', path: '/extension-requests', roles: ['clerk'] },
  { method: 'GET', path: `/extension-requests/${id}`, roles: ['officer', 'clerk', 'supervisor'] },
  { method: 'POST', path: `/extension-requests/${id}/approve`, roles: ['clerk'] },
  { method: 'POST', path: `/extension-requests/${id}/reject`, roles: ['clerk'] },
  { method: 'GET', path: '/escalations', roles: ['supervisor'] },
  { method: 'GET', path: `/escalations/${id}`, roles: ['supervisor'] },
  { method: 'POST', path: `/escalations/${id}/resolve`, roles: ['supervisor'] },
  { method: 'GET', path: '/notifications', roles: EVERY },
  { method: 'POST', path: '/intake', roles: ['clerk'] },
  { method: 'POST', path: '/intake/confirm', roles: ['clerk'] },
  { method: 'GET', path: '/audit', roles: ['admin'] },
  { method: 'GET', path: '/audit/verification', roles: ['admin'] },
  { method: 'GET', path: '/units/nowhere/contacts', roles: ['clerk', 'admin'] },
  { method: 'POST', path: '/units/nowhere/contacts', roles: ['clerk', 'admin'] },
  { method: 'GET', path: `/units/nowhere/contacts/${id}`, roles: ['clerk', 'admin'] },
  { method: 'PATCH', path: `/units/nowhere/contacts/${id}`, roles: ['clerk', 'admin'] },
  { method: 'DELETE', path: `/units/nowhere/contacts/${id}`, roles: ['clerk', 'admin'] },
  { method: 'POST', path: '/webhooks', roles: ['clerk', 'admin'] },
  { method: 'GET', path: '/webhooks', roles: ['clerk', 'admin'] },
  { method: 'GET', path: `/webhooks/${id}`, roles: ['clerk', 'admin'] },
  { method: 'DELETE', path: `/webhooks/${id}`, roles: ['clerk', 'admin'] },
  { method: 'POST', path: `/webhooks/${id}/rotate-secret`, roles: ['clerk', 'admin'] },
  { method: 'POST', path: `/webhooks/${id}/test`, roles: ['clerk', 'admin'] },
  { method: 'GET', path: '/notifications/unread-count', roles: EVERY },
  { method: 'POST', path: '/notifications/read', roles: EVERY },
  { method: 'POST', path: `/notifications/${id}/read`, roles: EVERY },
  { method: 'GET', path: '/events', roles: EVERY },
  { method: 'GET', path: '/me', roles: EVERY },
  { method: 'PATCH', path: '/me', roles: EVERY },
  { method: 'GET', path: '/units/nowhere/people', roles: EVERY },
  { method: 'POST', path: '/units/nowhere/people', roles: ['admin'] },
  { method: 'GET', path: '/units/nowhere/people/someone', roles: EVERY },
  { method: 'PATCH', path: '/units/nowhere/people/someone', roles: ['admin'] },
  { method: 'PATCH', path: '/units/nowhere', roles: ['admin'] },
  { method: 'POST', path: `/tasks/${id}/claim`, roles: ['officer'] },
  { method: 'POST', path: `/tasks/${id}/assign`, roles: ['clerk'] },
  { method: 'POST', path: `/tasks/${id}/hand-back`, roles: EVERY },
  { method: 'GET', path: `/tasks/${id}/comments`, roles: EVERY },
  { method: 'POST', path: `/tasks/${id}/comments`, roles: EVERY },
  { method: 'PATCH', path: `/tasks/${id}/comments/${id}`, roles: EVERY },
  { method: 'DELETE', path: `/tasks/${id}/comments/${id}`, roles: EVERY },
  { method: 'POST', path: `/tasks/${id}/attachments`, roles: ['officer', 'clerk'] },
  { method: 'GET', path: `/tasks/${id}/attachments`, roles: EVERY },
  { method: 'GET', path: `/attachments/${id}`, roles: EVERY },
  { method: 'DELETE', path: `/attachments/${id}`, roles: ['officer', 'clerk'] },
];

async function call(method: string, path: string, token: string | null, body?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return fetch(`${stack.baseUrl}${path}`, {
    method,
    headers,
    ...(method === 'POST' || method === 'PATCH' ? { body: body ?? '{}' } : {}),
    signal: AbortSignal.timeout(30_000),
  });
}

describe('every endpoint × role', () => {
  it.each(ENDPOINTS)(
    '$method $path: 403 for the roles that may not use it, through to the handler for those that may',
    async ({ method, path, roles }) => {
      for (const role of EVERY) {
        const response = await call(method, path, await stack.token({ sub: `p.${role}`, roles: [role] }));
        if (roles.includes(role)) {
          expect([role, response.status]).not.toEqual([role, 401]);
          expect([role, response.status]).not.toEqual([role, 403]);
          expect([role, response.status < 500]).toEqual([role, true]);
        } else {
          expect([role, response.status]).toEqual([role, 403]);
          expect(((await response.json()) as { message: string }).message).toMatch(/role/i);
        }
      }
    },
  );
});

describe('every endpoint × bad token', () => {
  const BAD: [string, () => Promise<string | null>, string][] = [
    ['no token', async () => null, 'TOKEN_MISSING'],
    ['an expired token', () => stack.token({ ttlSeconds: -120 }), 'TOKEN_EXPIRED'],
    ['a forged signature', () => stack.token({ forged: true }), 'TOKEN_BAD_SIGNATURE'],
    ['the wrong audience', () => stack.token({ audience: 'another-api' }), 'TOKEN_WRONG_AUDIENCE'],
  ];
  it.each(ENDPOINTS)('$method $path: 401 naming why, with WWW-Authenticate', async ({ method, path }) => {
    for (const [what, token, code] of BAD) {
      const response = await call(method, path, await token());
      expect([what, response.status]).toEqual([what, 401]);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect([what, ((await response.json()) as { details?: { code?: string } }).details?.code]).toEqual([what, code]);
    }
  });

  it('changes nothing when refused: a unit posted without a valid token does not exist', async () => {
    const unit = { id: `auth-${randomUUID().slice(0, 8)}`, name: 'Đơn vị thử', level: 'agency' };
    expect(
      (
        await call(
          'POST',
          '/units',
          await stack.token({ ttlSeconds: -120, roles: ['admin'] }),
          JSON.stringify({ units: [unit] }),
        )
      ).status,
    ).toBe(401);
    expect((await call('GET', `/units/${unit.id}`, await stack.token())).status).toBe(404);
  });
});

/**
 * Scope (docs/auth.md, "Scope: which units, which directives"): every endpoint × role, once as a
 * person of the unit the fixture's resource belongs to (own scope) and once as the same role in a
 * sibling organisation (other scope). The fixture is one organisation's work, built through the
 * API by the people who would do it; the other organisation mirrors its units and has no work.
 */
describe('every endpoint × role × scope', () => {
  /** Second-scale policy for the escalated task: a reminder at the deadline, escalation 2 s later. */
  const ESCALATING = { before: [], atDeadline: true, overdueEvery: null, escalateAfter: 'PT2S' };
  const ESCALATION_DUE_IN_MS = 10 * SECOND;

  type Scope = 'own' | 'other';

  /**
   * Work of org A that the rows act on. The fixture builds it twice, in the same states: the
   * own-scope call acts on one copy, the other-scope call on the other, so each call finds its
   * resource in a state where the action would succeed, and a refusal can only come from scope.
   */
  interface Work {
    /** Issued by a.issuer with review, to a.recipients[0] (`task`) and a.recipients[1] (`submitted`); coordinated by a.coordinator. */
    directive: DirectiveView;
    task: TaskView;
    /** Submitted for review, so the issuer's clerk can return it. */
    submitted: TaskView;
    /** Two pending extension requests on `task`: one to approve, one to reject. */
    toApprove: ExtensionRequestView;
    toReject: ExtensionRequestView;
    /** Issued by a.issuer to be withdrawn. */
    toWithdraw: DirectiveView;
    /** A PDF attached to `task` by `officer.own` of a.recipients[0], so that officer may delete it. */
    attachment: { id: string };
  }

  /** Org A's work and the letter its clerk has read; org B mirrors A's units and has no work. */
  interface Fixture {
    a: Org;
    b: Org;
    work: Record<Scope, Work>;
    /** A task of a.recipients[0] left past its deadline, its escalation open at a.coordinator. */
    escalation: EscalationView;
    /** A letter naming two units of org A only, read into a draft. */
    letter: { text: string; draft: Record<string, unknown> };
  }

  /** What a call must answer. */
  interface Outcome {
    status: number;
    /** A list: whether the fixture's items are in it (false: none are). */
    listed?: boolean;
    /** A 403 for a resource the caller reads but may not act on. */
    code?: 'OUT_OF_SCOPE';
    /** A 403 naming the body field that names another unit. */
    field?: string;
  }
  const ok = (status = 200): Outcome => ({ status });
  const LISTED: Outcome = { status: 200, listed: true };
  const UNLISTED: Outcome = { status: 200, listed: false };
  /** Outside read scope: 404, word for word as for a resource that does not exist. */
  const HIDDEN: Outcome = { status: 404 };
  const OUT_OF_SCOPE: Outcome = { status: 403, code: 'OUT_OF_SCOPE' };
  const ANOTHER_ISSUER: Outcome = { status: 403, field: 'issuerUnitId' };

  /** One role on one endpoint: the answer in each scope, and the person's unit when not the role's usual one. */
  interface Cell {
    own: Outcome;
    other: Outcome;
    unit?: (org: Org) => string;
  }
  /** Read everywhere, in both organisations. */
  const PUBLIC: Cell = { own: ok(), other: ok() };
  /** Read (or acted on) in the fixture's organisation only. */
  const SCOPED: Cell = { own: ok(), other: HIDDEN };
  /** A list: the fixture's items for its organisation, none of them for the other. */
  const FILTERED: Cell = { own: LISTED, other: UNLISTED };
  /** Administrators read units and the audit trail, not the work itself. */
  const NOT_ADMIN_WORK: Cell = { own: HIDDEN, other: HIDDEN };

  /** The unit of each role's person unless a cell says otherwise: where the fixture's work is. */
  const HOME: Record<Role, (org: Org) => string> = {
    officer: (org) => org.recipients[0]!,
    clerk: (org) => org.issuer,
    supervisor: (org) => org.coordinator,
    admin: (org) => org.province,
  };

  interface Call {
    path: string;
    body?: unknown;
    /** For a list answered LISTED: an id that must be among its items. */
    contains?: string;
    /** Sent as the multipart upload of this file instead of a JSON body. */
    file?: Buffer;
  }

  interface Row {
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
    /** The path with placeholders, for the test names. */
    route: string;
    /** The request on `w`, the scope's copy of the work; built when it is sent (numbers are fresh on each call). */
    call: (f: Fixture, w: Work) => Call;
    roles: Partial<Record<Role, Cell>>;
  }

  const everyRole = (cell: Cell): Record<Role, Cell> => ({ officer: cell, clerk: cell, supervisor: cell, admin: cell });
  const readers = (admin: Cell, others: Cell): Record<Role, Cell> => ({
    officer: others,
    clerk: others,
    supervisor: others,
    admin,
  });

  /**
   * In the order they run: reads first, then the task's life (acknowledge, progress, extension
   * requests and their decisions, implement, submit, accept), so every action finds its copy of
   * the work in a state where it succeeds unless scope refuses it. The escalation is shared:
   * resolving it with a reminder keeps it open.
   */
  const ROWS: Row[] = [
    {
      method: 'GET',
      route: '/units?parentId=:province',
      call: (f) => ({ path: `/units?parentId=${enc(f.a.province)}`, contains: f.a.issuer }),
      roles: everyRole({ own: LISTED, other: LISTED }),
    },
    { method: 'GET', route: '/units/:unit', call: (f) => ({ path: `/units/${f.a.issuer}` }), roles: everyRole(PUBLIC) },
    {
      method: 'GET',
      route: '/units/:unit/subtree',
      call: (f) => ({ path: `/units/${f.a.province}/subtree` }),
      roles: everyRole(PUBLIC),
    },
    { method: 'GET', route: '/units/export', call: () => ({ path: '/units/export' }), roles: everyRole(PUBLIC) },
    { method: 'GET', route: '/me', call: () => ({ path: '/me' }), roles: everyRole(PUBLIC) },
    {
      method: 'GET',
      route: '/units/:recipient/people',
      call: (f) => ({ path: `/units/${f.a.recipients[0]}/people` }),
      // An admin reads any unit's people; a clerk only its own unit's (the tree is public: 403, not 404).
      roles: { admin: PUBLIC, clerk: { own: ok(), other: OUT_OF_SCOPE, unit: (org) => org.recipients[0]! } },
    },
    {
      method: 'GET',
      route: '/units/:recipient/people/:officer',
      // officer.a of the fixture, known to the unit since its extension requests.
      call: (f) => ({ path: `/units/${f.a.recipients[0]}/people/officer.a` }),
      roles: { admin: PUBLIC, clerk: { own: ok(), other: OUT_OF_SCOPE, unit: (org) => org.recipients[0]! } },
    },
    {
      method: 'POST',
      route: '/units/:recipient/people',
      call: (f) => ({ path: `/units/${f.a.recipients[0]}/people`, body: { sub: `can.bo.${unique()}` } }),
      // People are not work: an admin registers them in any organisation's unit.
      roles: { admin: { own: ok(201), other: ok(201) } },
    },
    {
      method: 'PATCH',
      route: '/units/:recipient/people/:officer',
      call: (f) => ({ path: `/units/${f.a.recipients[0]}/people/officer.a`, body: { displayName: 'Cán bộ A' } }),
      roles: { admin: PUBLIC },
    },
    {
      method: 'POST',
      route: '/units',
      call: (f) => ({
        path: '/units',
        body: {
          units: [
            { id: `${f.a.province}/so-moi-${unique()}`, name: 'Sở mới', level: 'agency', parentId: f.a.province },
          ],
        },
      }),
      roles: { admin: PUBLIC },
    },
    {
      method: 'POST',
      route: '/units/import',
      call: (f) => ({
        path: '/units/import',
        body: [{ id: `${f.a.province}/so-nhap-${unique()}`, name: 'Sở nhập', level: 'agency', parentId: f.a.province }],
      }),
      roles: { admin: PUBLIC },
    },
    {
      method: 'POST',
      route: '/directives',
      call: (f) => ({ path: '/directives', body: aDirective(f.a).to(f.a.recipients[0]!).build() }),
      roles: { clerk: { own: ok(201), other: ANOTHER_ISSUER } },
    },
    {
      method: 'POST',
      route: '/intake',
      call: (f) => ({ path: '/intake', body: { text: f.letter.text } }),
      roles: { clerk: PUBLIC },
    },
    {
      method: 'POST',
      route: '/intake/confirm',
      // A fresh reference each time: the same letter confirmed twice would be a duplicate (409).
      call: (f) => ({
        path: '/intake/confirm',
        body: {
          draft: { ...f.letter.draft, reference: `${String(f.letter.draft.reference)}-${unique()}` },
          issuerUnitId: f.a.issuer,
          dueAt: isoIn(20 * DAY),
          reminderPolicy: QUIET_POLICY,
        },
      }),
      roles: { clerk: { own: ok(201), other: ANOTHER_ISSUER } },
    },
    {
      method: 'GET',
      route: '/directives?issuerUnitId=:issuer',
      call: (f, w) => ({ path: `/directives?issuerUnitId=${enc(f.a.issuer)}`, contains: w.directive.id }),
      roles: readers({ own: UNLISTED, other: UNLISTED }, FILTERED),
    },
    {
      method: 'GET',
      route: '/directives/:directive',
      call: (f, w) => ({ path: `/directives/${w.directive.id}` }),
      roles: readers(NOT_ADMIN_WORK, SCOPED),
    },
    {
      method: 'GET',
      route: '/directives/:directive/tasks',
      call: (f, w) => ({ path: `/directives/${w.directive.id}/tasks`, contains: w.task.id }),
      roles: readers(NOT_ADMIN_WORK, { own: LISTED, other: HIDDEN }),
    },
    {
      method: 'GET',
      route: '/directives/:directive/tree',
      call: (f, w) => ({ path: `/directives/${w.directive.id}/tree` }),
      // The officer reads the directive only because it has the unit's task: not its whole tree.
      roles: { ...readers(NOT_ADMIN_WORK, SCOPED), officer: { own: OUT_OF_SCOPE, other: HIDDEN } },
    },
    {
      method: 'POST',
      route: '/directives/:directive/amendments',
      call: (f, w) => ({
        path: `/directives/${w.directive.id}/amendments`,
        body: { unitId: f.a.recipients[0], dueAt: isoIn(45 * DAY), reason: 'Điều chỉnh thời hạn' },
      }),
      roles: { clerk: SCOPED },
    },
    {
      method: 'GET',
      route: '/tasks?directiveId=:directive',
      call: (f, w) => ({ path: `/tasks?directiveId=${w.directive.id}`, contains: w.task.id }),
      roles: readers({ own: UNLISTED, other: UNLISTED }, FILTERED),
    },
    {
      method: 'GET',
      route: '/tasks/:task',
      call: (f, w) => ({ path: `/tasks/${w.task.id}` }),
      roles: readers(NOT_ADMIN_WORK, SCOPED),
    },
    {
      method: 'GET',
      route: '/tasks/:task/events',
      call: (f, w) => ({ path: `/tasks/${w.task.id}/events` }),
      roles: readers(NOT_ADMIN_WORK, SCOPED),
    },
    {
      method: 'GET',
      route: '/tasks/:task/path',
      call: (f, w) => ({ path: `/tasks/${w.task.id}/path` }),
      roles: readers(NOT_ADMIN_WORK, SCOPED),
    },
    {
      method: 'POST',
      route: '/tasks/:task/acknowledge',
      call: (f, w) => ({ path: `/tasks/${w.task.id}/acknowledge` }),
      roles: { officer: SCOPED },
    },
    {
      method: 'POST',
      route: '/tasks/:task/progress',
      call: (f, w) => ({ path: `/tasks/${w.task.id}/progress`, body: { percent: 40, note: 'Đang triển khai' } }),
      roles: { officer: SCOPED },
    },
    {
      method: 'POST',
      route: '/tasks/:task/claim',
      call: (f, w) => ({ path: `/tasks/${w.task.id}/claim` }),
      roles: { officer: SCOPED },
    },
    {
      method: 'POST',
      route: '/tasks/:task/hand-back',
      // The officer of the row above hands back what it claimed.
      call: (f, w) => ({ path: `/tasks/${w.task.id}/hand-back` }),
      roles: { officer: SCOPED },
    },
    {
      method: 'POST',
      route: '/tasks/:task/assign',
      // To the officer of the rows above, whom the unit knows since their first request.
      call: (f, w) => ({ path: `/tasks/${w.task.id}/assign`, body: { assignee: 'officer.own' } }),
      roles: { clerk: { own: ok(), other: HIDDEN, unit: (org) => org.recipients[0]! } },
    },
    {
      method: 'GET',
      route: '/tasks/:task/comments',
      call: (f, w) => ({ path: `/tasks/${w.task.id}/comments` }),
      roles: readers(NOT_ADMIN_WORK, SCOPED),
    },
    {
      method: 'POST',
      route: '/tasks/:task/comments',
      call: (f, w) => ({ path: `/tasks/${w.task.id}/comments`, body: { text: 'Đề nghị cập nhật tiến độ.' } }),
      roles: readers(NOT_ADMIN_WORK, { own: ok(201), other: HIDDEN }),
    },
    {
      method: 'POST',
      route: '/tasks/:task/attachments',
      call: (f, w) => ({ path: `/tasks/${w.task.id}/attachments`, file: aPdf() }),
      roles: { officer: { own: ok(201), other: HIDDEN }, clerk: { own: ok(201), other: HIDDEN } },
    },
    {
      method: 'GET',
      route: '/tasks/:task/attachments',
      call: (f, w) => ({ path: `/tasks/${w.task.id}/attachments`, contains: w.attachment.id }),
      roles: readers(NOT_ADMIN_WORK, { own: LISTED, other: HIDDEN }),
    },
    {
      method: 'GET',
      route: '/attachments/:attachment',
      call: (f, w) => ({ path: `/attachments/${w.attachment.id}` }),
      roles: readers(NOT_ADMIN_WORK, SCOPED),
    },
    {
      method: 'DELETE',
      route: '/attachments/:attachment',
      // Only its uploader deletes it (another person of the unit: 403), while the task is open: before the submit row.
      call: (f, w) => ({ path: `/attachments/${w.attachment.id}` }),
      roles: { officer: { own: ok(204), other: HIDDEN } },
    },
    {
      method: 'POST',
      route: '/tasks/:task/extension-requests',
      call: (f, w) => ({
        path: `/tasks/${w.task.id}/extension-requests`,
        body: { requestedDueAt: isoIn(50 * DAY), reason: 'Chờ ý kiến Thường trực' },
      }),
      roles: { officer: { own: ok(201), other: HIDDEN } },
    },
    {
      method: 'GET',
      route: '/extension-requests/:request',
      call: (f, w) => ({ path: `/extension-requests/${w.toApprove.id}` }),
      // A request is read with its task: a supervisor reads those of the directives its body coordinates.
      roles: { officer: SCOPED, clerk: SCOPED, supervisor: SCOPED },
    },
    {
      method: 'GET',
      route: '/extension-requests?status=pending',
      // The queue of what the clerk decides: the requests on their unit's directives, none of another's.
      call: (f, w) => ({ path: '/extension-requests?status=pending', contains: w.toApprove.id }),
      roles: { clerk: FILTERED },
    },
    {
      method: 'POST',
      route: '/extension-requests/:request/approve',
      call: (f, w) => ({ path: `/extension-requests/${w.toApprove.id}/approve`, body: { note: 'Đồng ý' } }),
      roles: { clerk: SCOPED },
    },
    {
      method: 'POST',
      route: '/extension-requests/:request/reject',
      call: (f, w) => ({ path: `/extension-requests/${w.toReject.id}/reject`, body: { reason: 'Không đủ căn cứ' } }),
      roles: { clerk: SCOPED },
    },
    {
      method: 'POST',
      route: '/tasks/:task/implement',
      // Not gating: the officer still submits the task in a later row.
      call: (f, w) => ({ path: `/tasks/${w.task.id}/implement`, body: implementing(f.a) }),
      roles: { clerk: { own: ok(201), other: HIDDEN, unit: (org) => org.recipients[0]! } },
    },
    {
      method: 'POST',
      route: '/tasks/:task/submit',
      call: (f, w) => ({ path: `/tasks/${w.task.id}/submit`, body: { report: 'Đã triển khai thực hiện' } }),
      roles: { officer: SCOPED },
    },
    {
      method: 'POST',
      route: '/tasks/:task/accept',
      call: (f, w) => ({ path: `/tasks/${w.task.id}/accept` }),
      roles: { clerk: SCOPED },
    },
    {
      method: 'POST',
      route: '/tasks/:submitted/return',
      call: (f, w) => ({ path: `/tasks/${w.submitted.id}/return`, body: { reason: 'Bổ sung số liệu' } }),
      roles: { clerk: SCOPED },
    },
    {
      method: 'GET',
      route: '/escalations?taskId=:escalated',
      call: (f) => ({ path: `/escalations?taskId=${f.escalation.taskId}`, contains: f.escalation.id }),
      roles: { supervisor: FILTERED },
    },
    {
      method: 'GET',
      route: '/escalations/:escalation',
      call: (f) => ({ path: `/escalations/${f.escalation.id}` }),
      roles: { supervisor: SCOPED },
    },
    {
      method: 'POST',
      route: '/escalations/:escalation/resolve',
      call: (f) => ({
        path: `/escalations/${f.escalation.id}/resolve`,
        body: { action: 'remind', note: 'Đề nghị khẩn trương báo cáo' },
      }),
      roles: { supervisor: SCOPED },
    },
    {
      method: 'GET',
      route: '/notifications?taskId=:escalated',
      call: (f) => ({ path: `/notifications?taskId=${f.escalation.taskId}` }),
      // Notifications go to units: the task's reminders to its unit, the escalation notice to the coordinator.
      roles: {
        officer: FILTERED,
        clerk: { ...FILTERED, unit: (org) => org.recipients[0]! },
        supervisor: FILTERED,
        admin: { ...FILTERED, unit: (org) => org.recipients[0]! },
      },
    },
    {
      method: 'GET',
      route: '/audit?targetId=:directive',
      call: (f, w) => ({ path: `/audit?targetId=${w.directive.id}` }),
      roles: { admin: { own: LISTED, other: LISTED } },
    },
    {
      method: 'POST',
      route: '/directives/:toWithdraw/withdraw',
      call: (f, w) => ({
        path: `/directives/${w.toWithdraw.id}/withdraw`,
        body: { reason: 'Thu hồi để ban hành lại' },
      }),
      roles: { clerk: SCOPED },
    },
  ];

  const CASES = ROWS.flatMap((row) =>
    (Object.entries(row.roles) as [Role, Cell][]).flatMap(([role, cell]) =>
      (['own', 'other'] as Scope[]).map((scope) => ({
        name: `${row.method} ${row.route} as ${role} of ${scope === 'own' ? 'the same organisation' : 'another organisation'}: ${describeOutcome(cell[scope])}`,
        row,
        role,
        cell,
        scope,
      })),
    ),
  );

  let f: Fixture;

  /** Org A's work that the rows act on, as its clerk and officers build it. */
  async function buildWork(a: Org): Promise<Work> {
    const clerk = asClerk(a.issuer, 'clerk.a');
    const directive = await aDirective(a)
      .to(a.recipients[0]!)
      .to(a.recipients[1]!)
      .withReview()
      .issue(stack, 'clerk.a');
    const toWithdraw = await aDirective(a).to(a.recipients[0]!).issue(stack, 'clerk.a');
    await untilActive(directive, clerk);
    await untilActive(toWithdraw, clerk);
    const tasks = expectStatus(
      await stack.http.get<Page<TaskView>>(`/directives/${directive.id}/tasks`, clerk),
      200,
    ).items;
    const task = taskOfUnit(tasks, a.recipients[0]!);
    const submitted = expectStatus(
      await stack.http.post<TaskView>(
        `/tasks/${taskOfUnit(tasks, a.recipients[1]!).id}/submit`,
        { report: 'Báo cáo kết quả' },
        asOfficer(a.recipients[1]!, 'officer.a'),
      ),
      200,
    );
    expect(submitted.status).toBe('submitted');
    // Later than the amendment row's new deadline (45 days), so approving still moves it.
    const extension = async (): Promise<ExtensionRequestView> =>
      expectStatus(
        await stack.http.post<ExtensionRequestView>(
          `/tasks/${task.id}/extension-requests`,
          { requestedDueAt: isoIn(60 * DAY), reason: 'Chờ kinh phí' },
          asOfficer(a.recipients[0]!, 'officer.a'),
        ),
        201,
      );
    const attached = await upload(
      stack,
      task.id,
      await stack.authorization(asOfficer(a.recipients[0]!, 'officer.own')),
      aPdf(),
      'Báo cáo.pdf',
    );
    const attachment = expectStatus(attached as HttpResponse<{ id: string }>, 201, 'the fixture’s attachment');
    return {
      directive,
      task,
      submitted,
      toApprove: await extension(),
      toReject: await extension(),
      toWithdraw,
      attachment,
    };
  }

  async function untilActive(directive: DirectiveView, clerk: RequestOptions): Promise<void> {
    await pollUntil(
      async () => expectStatus(await stack.http.get<DirectiveView>(`/directives/${directive.id}`, clerk), 200),
      (view) => view.progress !== undefined && view.progress.total > 0 && view.progress.active === view.progress.total,
      {
        timeoutMs: 60_000,
        intervalMs: 300,
        description: `every task of directive ${directive.number} to become active`,
      },
    );
  }

  beforeAll(async () => {
    const [a, b] = [await anOrg().withRecipients(2).create(stack), await anOrg().withRecipients(2).create(stack)];
    const clerk = asClerk(a.issuer, 'clerk.a');
    // The escalating directive first: its clock runs while the rest is built.
    const late = await aDirective(a)
      .to(a.recipients[0]!)
      .dueAt(isoIn(ESCALATION_DUE_IN_MS))
      .withPolicy(ESCALATING)
      .issue(stack, 'clerk.a');
    await untilActive(late, clerk);
    const work = { own: await buildWork(a), other: await buildWork(a) };
    const letter = await readLetter(a, clerk);

    const lateTask = expectStatus(await stack.http.get<Page<TaskView>>(`/directives/${late.id}/tasks`, clerk), 200)
      .items[0]!;
    const supervisor = asSupervisor(a.coordinator, 'supervisor.a');
    const [escalation] = await pollUntil(
      async () =>
        expectStatus(await stack.http.get<Page<EscalationView>>(`/escalations?taskId=${lateTask.id}`, supervisor), 200)
          .items,
      (items) => items.length === 1,
      { timeoutMs: ESCALATION_DUE_IN_MS + 60_000, intervalMs: 500, description: 'the late task’s escalation to open' },
    );
    // Both notices exist once the escalation is open: the task's unit was reminded, the coordinator told.
    for (const [who, unit] of [
      [asOfficer(a.recipients[0]!, 'officer.a'), a.recipients[0]!],
      [supervisor, a.coordinator],
    ] as const) {
      await pollUntil(
        async () =>
          expectStatus(await stack.http.get<Page<NotificationView>>(`/notifications?taskId=${lateTask.id}`, who), 200)
            .items,
        (items) => items.some((n) => n.unitId === unit),
        { timeoutMs: 30_000, intervalMs: 500, description: `a notification of the late task to ${unit}` },
      );
    }
    f = { a, b, work, escalation: escalation!, letter };
  }, 180_000);

  it.each(CASES)('$name', async ({ row, role, cell, scope }) => {
    const org = scope === 'own' ? f.a : f.b;
    const person: RequestOptions = { actor: `${role}.${scope}`, unit: (cell.unit ?? HOME[role])(org), roles: [role] };
    const expected = cell[scope];
    const { path, body, contains, file } = row.call(f, f.work[scope]);
    const response = await send(row.method, path, body, person, file);
    const what = `${row.method} ${path} as ${role} of ${person.unit}`;
    expectStatus(response, expected.status, what);

    if (expected.listed === true) {
      const items = (response.body as Page<{ id?: string }>).items;
      expect(items.length).toBeGreaterThan(0);
      if (contains !== undefined) expect(items.map((item) => item.id)).toContain(contains);
    }
    if (expected.listed === false)
      expect({ request: what, items: (response.body as Page<unknown>).items }).toEqual({ request: what, items: [] });
    if (expected.code !== undefined) expect((response.body as ErrorBody).details?.code).toBe(expected.code);
    if (expected.field !== undefined) {
      const error = response.body as ErrorBody;
      expect(JSON.stringify({ errors: error.errors, details: error.details })).toContain(`"${expected.field}"`);
    }
    if (expected.status === 404) {
      // Word for word the answer for an id that names nothing (ids aside).
      const ghost = await send(
        row.method,
        path.replace(UUID, () => randomUUID()),
        body,
        person,
        file,
      );
      expect(ghost.status).toBe(404);
      expect(withoutIds(response.body)).toEqual(withoutIds(ghost.body));
    }
  });

  it('shows an officer only its own unit’s tasks in a directive’s task list', async () => {
    const page = expectStatus(
      await stack.http.get<Page<TaskView>>(
        `/directives/${f.work.own.directive.id}/tasks`,
        asOfficer(f.a.recipients[0]!, 'officer.own'),
      ),
      200,
    );
    expect(page.items.map((t) => t.unitId)).toEqual([f.a.recipients[0]]);
  });

  it('lets an officer of a unit that acts for its sub-units reach their tasks, and not before the unit says so', async () => {
    const officer = asOfficer(f.a.province, 'officer.province');
    expect((await stack.http.get(`/tasks/${f.escalation.taskId}`, officer)).status).toBe(404);
    const province = expectStatus(await stack.http.get<UnitView>(`/units/${f.a.province}`, asAdmin()), 200);
    const { id, name, level, coordinatingUnitId } = province;
    expectStatus(
      await stack.http.post(
        '/units',
        { units: [{ id, name, level, coordinatingUnitId, actsForSubUnits: true }] },
        asAdmin(),
      ),
      200,
    );
    expectStatus(await stack.http.get(`/tasks/${f.escalation.taskId}`, officer), 200);
    expectStatus(await stack.http.post(`/tasks/${f.escalation.taskId}/progress`, { percent: 10 }, officer), 200);
    // The other organisation's province does not act for its districts: nothing of org A either way.
    expect(
      (await stack.http.get(`/tasks/${f.escalation.taskId}`, asOfficer(f.b.province, 'officer.province'))).status,
    ).toBe(404);
  });
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function withoutIds(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body).replace(UUID, '<id>'));
}

function enc(value: string): string {
  return encodeURIComponent(value);
}

function describeOutcome(outcome: { status: number; listed?: boolean; code?: string; field?: string }): string {
  if (outcome.listed === true) return `${outcome.status} listing the fixture's items`;
  if (outcome.listed === false) return `${outcome.status} listing none of them`;
  if (outcome.code !== undefined) return `${outcome.status} ${outcome.code}`;
  if (outcome.field !== undefined) return `${outcome.status} naming ${outcome.field}`;
  return String(outcome.status);
}

async function send(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  person: RequestOptions,
  file?: Buffer,
): Promise<HttpResponse<unknown>> {
  // Uploads, downloads and deletions are not JSON both ways: sent and read as raw bytes.
  if (file !== undefined || method === 'DELETE' || path.startsWith('/attachments/')) {
    const authorization = await stack.authorization(person);
    if (file === undefined) return sendRaw(stack, method, path, authorization);
    const form = multipart(file, 'Báo cáo.pdf');
    return sendRaw(stack, method, path, authorization, form.body, form.contentType);
  }
  if (method === 'PATCH') return stack.http.patch(path, body ?? {}, person);
  return method === 'GET' ? stack.http.get(path, person) : stack.http.post(path, body ?? {}, person);
}

/** A directive implementing a task of `org.recipients[0]`, to a unit that is on no chain above it. */
function implementing(org: Org): Record<string, unknown> {
  const { issuerUnitId: _issuer, ...body } = aDirective(org).to(org.spares[0]!).build();
  return { ...body, gatesParentSubmission: false };
}

/** Two units of `org` with names no other organisation has, a letter addressed to them, and its draft as the clerk reads it. */
async function readLetter(org: Org, clerk: RequestOptions): Promise<{ text: string; draft: Record<string, unknown> }> {
  const t = uniqueWord();
  expectStatus(
    await stack.http.post(
      '/units',
      {
        units: [
          {
            id: `${org.province}/phong-vh`,
            name: `Phòng Văn hóa và Thông tin ${t}`,
            level: 'agency',
            parentId: org.province,
          },
          { id: `${org.province}/cong-an`, name: `Công an tỉnh ${t}`, level: 'agency', parentId: org.province },
        ],
      },
      asAdmin(),
    ),
    200,
  );
  const text = aLetter(t, {
    heading: ['TỈNH ỦY', `BAN TUYÊN GIÁO ${t}`],
    number: `45/CV-BTG${t}`,
    opening: 'Thực hiện Công văn số 12/UBND-KGVX ngày 01/3/2026, Ban Tuyên giáo Tỉnh ủy đề nghị:',
    recipients: [`Phòng Văn hóa và Thông tin ${t}`, `Công an tỉnh ${t}`],
  });
  const read = expectStatus(
    await stack.http.post<{ draft: Record<string, unknown> }>('/intake', { text }, clerk),
    200,
    'POST /intake',
  );
  return { text, draft: read.draft };
}

describe('open endpoints and hardening', () => {
  it('serves health and the API documents without a token', async () => {
    expect((await call('GET', '/health', null)).status).toBe(200);
    const docs = await fetch(`${stack.baseUrl.replace(/\/api\/v1$/, '')}/api/docs/json`);
    expect(docs.status).toBe(200);
    expect(
      ((await docs.json()) as { components?: { securitySchemes?: Record<string, unknown> } }).components
        ?.securitySchemes,
    ).toHaveProperty('bearer');
  });

  it('answers every request with a request id (its own, or the caller’s when sane) and security headers', async () => {
    const generated = await call('GET', '/units?limit=1', await stack.token());
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers.get('x-content-type-options')).toBe('nosniff');
    expect(generated.headers.get('x-powered-by')).toBeNull();
    const kept = await fetch(`${stack.baseUrl}/units?limit=1`, {
      headers: { authorization: `Bearer ${await stack.token()}`, 'x-request-id': 'req-12345' },
    });
    expect(kept.headers.get('x-request-id')).toBe('req-12345');
    const refused = await call('GET', '/units', null);
    expect(refused.headers.get('x-request-id')).not.toBeNull();
  });

  it('refuses a body over the limit with 413, writing nothing', async () => {
    const units = Array.from({ length: 2_000 }, (_, i) => ({
      id: `big-${i}`,
      name: 'Đơn vị có tên khá dài để vượt giới hạn',
      level: 'agency',
    }));
    const response = await call('POST', '/units', await stack.token({ roles: ['admin'] }), JSON.stringify({ units }));
    expect(response.status).toBe(413);
    expect((await call('GET', '/units/big-0', await stack.token())).status).toBe(404);
  });

  it(`limits each identity to ${RATE_LIMIT} requests a minute: then 429 with Retry-After, others unaffected`, async () => {
    const flood = await stack.token({ sub: 'flood' });
    const statuses: number[] = [];
    let limited: Response | undefined;
    // The bucket refills while the flood runs (RATE_LIMIT a minute), so a slow machine needs more
    // than RATE_LIMIT + 20 requests to empty it: flood until refused, within twice the allowance.
    for (let i = 0; i < 2 * RATE_LIMIT && limited === undefined; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => call('GET', '/units?limit=1', flood)));
      statuses.push(...batch.map((r) => r.status));
      limited = batch.find((r) => r.status === 429);
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(RATE_LIMIT - 20);
    // Another person is not held back by the first one's flood.
    expect((await call('GET', '/units?limit=1', await stack.token({ sub: 'calm' }))).status).toBe(200);
    // Health stays open to the load balancer whatever the flood.
    expect((await call('GET', '/health', null)).status).toBe(200);
  });
});
