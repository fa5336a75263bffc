/**
 * The API as a client sees it: response shapes (written from the public contract, not imported
 * from the product, so a change in the product's types cannot silently change what the tests
 * expect) and small helpers for asserting statuses, acting as a person, walking cursors and
 * waiting for eventual states with a deadline.
 */
import type { HttpResponse, RequestOptions, Stack } from './stack';
import { pollUntil } from './stack';

/** Every list answers this shape. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every error answers this shape. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: { field: string; problem: string }[];
  details?: Record<string, unknown>;
}

export interface UnitView {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  kind: string | null;
  coordinatingUnitId: string | null;
  effectiveCoordinatingUnitId: string | null;
  escalationGrace: string | null;
  actsForSubUnits: boolean;
}

export interface ProgressView {
  total: number;
  active: number;
  byStatus: Record<string, number>;
  overdue: number;
  escalated: number;
}

export interface DirectiveView {
  id: string;
  number: string;
  issuerUnitId: string;
  subject: string;
  issuedAt: string;
  parentDirectiveId: string | null;
  coordinatingUnitId: string;
  reviewRequired: boolean;
  status: 'active' | 'withdrawn';
  createdBy: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawnReason: string | null;
  progress?: ProgressView;
}

export interface TaskView {
  id: string;
  directiveId: string;
  unitId: string;
  role: string;
  instructions: string;
  period: number | null;
  recurrence: { every?: string; dayOfMonth?: number; until: string } | null;
  status: string;
  dueAt: string;
  originalDueAt: string;
  overdue: boolean;
  escalated: boolean;
  progress: { percent: number; note: string | null };
  report: string | null;
  returnReason: string | null;
  activatedAt: string | null;
  acknowledgedAt: string | null;
  submittedAt: string | null;
  completedAt: string | null;
  closedAt: string | null;
  reassignedFromTaskId: string | null;
  reassignedToTaskId: string | null;
  /** The person of the unit who handles the task (issue 13). */
  assignee: string | null;
}

export interface TaskEventView {
  sequence: number;
  actor: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface NotificationView {
  id: string;
  unitId: string;
  taskId: string;
  directiveId: string;
  kind: 'reminder' | 'overdue' | 'escalation';
  message: string;
  scheduledFor: string;
  createdAt: string;
}

export interface EscalationView {
  id: string;
  taskId: string;
  directiveId: string;
  unitId: string;
  coordinatingUnitId: string;
  level: number;
  currentCoordinatingUnitId: string;
  levels: { level: number; coordinatingUnitId: string; openedAt: string }[];
  openedAt: string;
  status: 'open' | 'resolved' | 'closed';
  resolution: Record<string, unknown> | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

export interface ExtensionRequestView {
  id: string;
  taskId: string;
  directiveId: string;
  requestedDueAt: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

/** Request options naming the acting person (recorded as `actor` on task events). */
export function as(actor: string): RequestOptions {
  return { actor };
}

/** An officer of `unit`: reads and acts on the unit's tasks (and its sub-units' where it acts for them). */
export function asOfficer(unit: string, actor = 'can.bo'): RequestOptions {
  return { actor, unit, roles: ['officer'] };
}

/** A clerk of `unit`: issues, amends and withdraws its directives, accepts or returns reports, decides extensions. */
export function asClerk(unit: string, actor = 'van.thu'): RequestOptions {
  return { actor, unit, roles: ['clerk'] };
}

/** A supervisor of the coordinating body `unit`: its escalations and the roll-ups of what it coordinates. */
export function asSupervisor(unit: string, actor = 'giam.sat'): RequestOptions {
  return { actor, unit, roles: ['supervisor'] };
}

/** An administrator: the organisation tree and the audit trail. */
export function asAdmin(actor = 'quan.tri', unit = 'it-root'): RequestOptions {
  return { actor, unit, roles: ['admin'] };
}

/**
 * The body of a response that must have `status`; otherwise fails with the status and body in
 * the message, which says far more than "expected 200, received 409".
 */
export function expectStatus<T>(response: HttpResponse<T>, status: number, what = 'the request'): T {
  if (response.status !== status) {
    throw new Error(`expected ${what} to answer ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** An error answer with `status`, typed as the error body. */
export function expectError(response: HttpResponse<unknown>, status: number, what = 'the request'): ErrorBody {
  return expectStatus(response as HttpResponse<ErrorBody>, status, what);
}

/** Fields named in a 400 answer, in order. */
export function fieldsOf(body: ErrorBody): string[] {
  return (body.errors ?? []).map((e) => e.field);
}

/** Appends query parameters to a path (undefined values are left out). */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

/**
 * Every item of a list, following `nextCursor` page by page; also returns the page sizes so a
 * test can check the pages themselves. Stops with an error rather than loop forever on a cursor
 * that never ends. Here and in the read helpers below, `options` names the person who reads (the
 * default identity when left out).
 */
export async function listAll<T>(
  stack: Stack,
  path: string,
  limit: number,
  maxPages = 1_000,
  options: RequestOptions = {},
): Promise<{ items: T[]; pageSizes: number[] }> {
  const items: T[] = [];
  const pageSizes: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const body = expectStatus(
      await stack.http.get<Page<T>>(withQuery(path, { limit, cursor }), options),
      200,
      `GET ${path} page ${page + 1}`,
    );
    items.push(...body.items);
    pageSizes.push(body.items.length);
    if (body.nextCursor === null) return { items, pageSizes };
    cursor = body.nextCursor;
  }
  throw new Error(`GET ${path} still had a nextCursor after ${maxPages} pages`);
}

/** POST with a raw body, for what the JSON helper cannot send (malformed JSON). */
export async function postRaw(
  stack: Stack,
  path: string,
  text: string,
  contentType = 'application/json',
  options: RequestOptions = {},
): Promise<HttpResponse<unknown>> {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      accept: 'application/json',
      authorization: await stack.authorization(options),
    },
    body: text,
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.text();
  let parsed: unknown = body;
  try {
    parsed = JSON.parse(body);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

/** Reads a directive with its progress. */
export async function getDirective(stack: Stack, id: string, options: RequestOptions = {}): Promise<DirectiveView> {
  return expectStatus(await stack.http.get<DirectiveView>(`/directives/${id}`, options), 200, `GET /directives/${id}`);
}

/** Reads a task. */
export async function getTask(stack: Stack, id: string, options: RequestOptions = {}): Promise<TaskView> {
  return expectStatus(await stack.http.get<TaskView>(`/tasks/${id}`, options), 200, `GET /tasks/${id}`);
}

/** A task's whole history, oldest first. */
export async function eventsOf(stack: Stack, taskId: string, options: RequestOptions = {}): Promise<TaskEventView[]> {
  return (await listAll<TaskEventView>(stack, `/tasks/${taskId}/events`, 500, undefined, options)).items;
}

/** Every task of a directive (any number, walked with the cursor). */
export async function tasksOf(stack: Stack, directiveId: string, options: RequestOptions = {}): Promise<TaskView[]> {
  return (await listAll<TaskView>(stack, `/directives/${directiveId}/tasks`, 500, undefined, options)).items;
}

/** Waits until every task of the directive has its workflow running (progress.active == total). */
export async function waitUntilAllActive(
  stack: Stack,
  directiveId: string,
  timeoutMs = 60_000,
  options: RequestOptions = {},
): Promise<DirectiveView> {
  return pollUntil(
    () => getDirective(stack, directiveId, options),
    (d) => d.progress !== undefined && d.progress.total > 0 && d.progress.active === d.progress.total,
    { timeoutMs, intervalMs: 200, description: `every task of directive ${directiveId} to become active` },
  );
}

/** The task of `unitId` in a directive. */
export function taskOfUnit(tasks: TaskView[], unitId: string): TaskView {
  const task = tasks.find((t) => t.unitId === unitId);
  if (task === undefined) throw new Error(`no task for unit ${unitId} among ${tasks.map((t) => t.unitId).join(', ')}`);
  return task;
}

/** A person of a unit (issue 13). */
export interface PersonView {
  sub: string;
  unitId: string;
  displayName: string | null;
  email: string | null;
  rolesSeen: string[];
  active: boolean;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  registeredBy: string | null;
  /** The notice kinds the person is not e-mailed about (PATCH /me). */
  mutedTopics: string[];
}

/** GET /me. */
export interface MeView {
  profile: PersonView;
  unit: { id: string; name: string | null };
  roles: string[];
  may: string[];
}

/** A comment on a task; a deleted one has no text. */
export interface CommentView {
  id: string;
  taskId: string;
  author: { sub: string; unitId: string };
  text: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  history: { text: string; until: string }[];
}
