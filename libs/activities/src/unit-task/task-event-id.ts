/**
 * The id of a task's n-th change: its task event's key, and the cause its outbox events are keyed
 * by, so a retried write finds both already there.
 */
export function taskEventId(taskId: string, sequence: number): string {
  return `${taskId}:${sequence}`;
}
