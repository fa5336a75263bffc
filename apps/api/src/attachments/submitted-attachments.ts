import type { DataSource } from 'typeorm';
import { FieldErrors } from '../errors/errors';
import { isUuid } from '../validation/ids';

/**
 * Refuses a submission naming a file that is not an attachment of this task, or was deleted:
 * 400 naming `attachmentIds[i]` for each. Read before the Update is sent; the projection freezes
 * them, and refuses the change should one be deleted in between.
 */
export async function assertSubmittableAttachments(
  db: DataSource,
  taskId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const uuids = ids.filter(isUuid);
  const rows = await db.query<{ id: string; task_id: string; deleted_at: Date | null }[]>(
    `SELECT id, task_id, deleted_at FROM attachments WHERE id = ANY($1::uuid[])`,
    [uuids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const problems: { field: string; problem: string }[] = [];
  ids.forEach((id, index) => {
    const field = `attachmentIds[${index}]`;
    const row = isUuid(id) ? byId.get(id.toLowerCase()) : undefined;
    if (!isUuid(id)) problems.push({ field, problem: 'không phải mã tệp đính kèm (UUID)' });
    else if (seen.has(id.toLowerCase())) problems.push({ field, problem: 'tệp này đã có ở trên trong danh sách' });
    else if (row === undefined || row.task_id !== taskId)
      problems.push({ field, problem: `tệp ${id} không phải tệp đính kèm của nhiệm vụ này` });
    else if (row.deleted_at !== null) problems.push({ field, problem: `tệp ${id} đã bị xóa` });
    seen.add(id.toLowerCase());
  });
  if (problems.length > 0) throw new FieldErrors(problems);
}
