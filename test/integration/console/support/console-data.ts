/**
 * Data the console's browser tests act on, made through the API as the people who would make it:
 * a directive whose tasks have instructions a test can find on screen.
 */
import { asClerk, expectStatus, tasksOf, waitUntilAllActive, type DirectiveView } from '../../support/api';
import { aDirective, unique, type Org, type ReminderPolicyInput } from '../../support/builders';
import type { Stack } from '../../support/stack';

/** What a test gets back: the directive and its one task's id and instructions. */
export interface IssuedTask {
  directive: DirectiveView;
  taskId: string;
  instructions: string;
}

/** A directive to one recipient, with instructions of its own; active (listed) before it returns. */
export async function issueTask(
  stack: Stack,
  org: Org,
  unitId: string,
  options: { review?: boolean; dueAt?: string; policy?: ReminderPolicyInput } = {},
): Promise<IssuedTask> {
  const instructions = `Báo cáo kết quả thực hiện chuyên đề ${unique()}`;
  const builder = aDirective(org).to(unitId, 'lead', options.dueAt);
  if (options.review === true) builder.withReview();
  if (options.policy !== undefined) builder.withPolicy(options.policy);
  const body = builder.build() as { assignments: { instructions: string }[]; issuerUnitId: string };
  for (const assignment of body.assignments) assignment.instructions = instructions;
  const directive = expectStatus(
    await stack.http.post<DirectiveView>('/directives', body, asClerk(body.issuerUnitId)),
    201,
    'POST /directives',
  );
  await waitUntilAllActive(stack, directive.id, 60_000, asClerk(body.issuerUnitId));
  const [task] = await tasksOf(stack, directive.id, asClerk(body.issuerUnitId));
  if (task === undefined) throw new Error(`directive ${directive.id} listed no task`);
  return { directive, taskId: task.id, instructions };
}

/** A date `days` from now as a person types it in the console: dd/mm/yyyy, Vietnam time. */
export function typedDateIn(days: number): string {
  const [year, month, day] = new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000)
    .toISOString()
    .slice(0, 10)
    .split('-');
  return `${day}/${month}/${year}`;
}
