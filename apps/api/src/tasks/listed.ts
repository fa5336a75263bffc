/**
 * When a task is listed (GET /tasks, GET /directives/:id/tasks, the cascade tree): once its
 * workflow runs, so that whoever sees it can act on it at once. The API writes a directive's
 * task rows in the transaction that issues it; the shards start the task workflows afterwards
 * and mark each page of rows active right after its children have started (`activated_at`).
 * A task cancelled by a withdrawal before its workflow started never gets one, yet is done: it
 * is listed too, and any action on it answers 409 as for any closed task.
 *
 * The partial indexes of migration 1764230700000 carry this exact predicate: keep the two in step.
 */
export function listedTask(alias: string): string {
  return `(${alias}.activated_at IS NOT NULL OR ${alias}.status = 'cancelled')`;
}
