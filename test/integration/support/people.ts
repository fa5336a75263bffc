/** What the people, assignment and comment specs (issue 13) share: a running task, a target's audit trail. */
import { asAdmin, asClerk, expectStatus, type Page, type TaskView } from './api';
import { DAY, aDirective, isoIn, type Org } from './builders';
import { pollUntil, type Stack } from './stack';

/** An audit record as GET /audit answers it, in what these specs read of it. */
export interface AuditRecordView {
  actor: string;
  unitId: string | null;
  action: string;
  targetId: string;
  after: Record<string, unknown> | null;
}

/** The audit trail of one target, oldest first. */
export async function auditOf(stack: Stack, targetId: string): Promise<AuditRecordView[]> {
  const query = `targetId=${encodeURIComponent(targetId)}&limit=100`;
  return expectStatus(await stack.http.get<{ items: AuditRecordView[] }>(`/audit?${query}`, asAdmin()), 200).items;
}

/** A task of `org.recipients[0]` from the org's issuer, reviewed, its workflow running. */
export async function aRunningTask(stack: Stack, org: Org): Promise<TaskView> {
  const directive = await aDirective(org)
    .to(org.recipients[0]!)
    .withReview()
    .dueAt(isoIn(30 * DAY))
    .issue(stack);
  const clerk = asClerk(org.issuer);
  const [task] = await pollUntil(
    async () =>
      expectStatus(await stack.http.get<Page<TaskView>>(`/tasks?directiveId=${directive.id}`, clerk), 200).items,
    (items) => items.length === 1,
    { timeoutMs: 60_000, intervalMs: 200, description: `the task of directive ${directive.number} to be listed` },
  );
  return task!;
}
