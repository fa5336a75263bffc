import type { DataSource } from 'typeorm';

/**
 * The hashes among `candidates` that an attachment row names (a deleted one too: its row still
 * points at the blob), for the blob sweep. Lives with the table so the sweep needs no SQL of its own.
 */
export async function referencedAttachmentBlobs(db: DataSource, candidates: string[]): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const rows = await db.query<{ sha256: string }[]>(
    `SELECT DISTINCT sha256 FROM attachments WHERE sha256 = ANY($1::text[])`,
    [candidates],
  );
  return new Set(rows.map((r) => r.sha256));
}
