/**
 * The sweep of orphaned blobs. An upload writes its blob before its row commits, so a crash (or
 * a refused row) between the two leaves a blob no row names; the sweep removes such blobs, and
 * temporary objects nobody finished, once they are older than `olderThanMs` — far longer than
 * any upload takes, so a blob whose row is being written right now is never taken. Blobs any
 * row names (deleted attachments included: their rows still point at them) are kept.
 */
import type { BlobStore, Sha256 } from './blob-store';

/** What one sweep did. */
export interface SweepResult {
  examined: number;
  removedBlobs: number;
  removedTemporary: number;
}

/** The hashes among `candidates` that some attachment row names. */
export type ReferencedBlobs = (candidates: Sha256[]) => Promise<Set<Sha256>>;

const BATCH = 500;

/** Removes unreferenced blobs and stale temporary objects older than `olderThanMs`. */
export async function sweepOrphanBlobs(
  store: BlobStore,
  referenced: ReferencedBlobs,
  olderThanMs: number,
  now = Date.now(),
): Promise<SweepResult> {
  const cutoff = now - olderThanMs;
  const result: SweepResult = { examined: 0, removedBlobs: 0, removedTemporary: 0 };
  let batch: Sha256[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const kept = await referenced(batch);
    for (const sha256 of batch) {
      if (kept.has(sha256)) continue;
      await store.remove(sha256);
      result.removedBlobs += 1;
    }
    batch = [];
  };
  for await (const blob of store.list()) {
    result.examined += 1;
    if (blob.modifiedAt.getTime() > cutoff) continue;
    batch.push(blob.sha256);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  for await (const temporary of store.listTemporary()) {
    if (temporary.modifiedAt.getTime() > cutoff) continue;
    await store.removeTemporary(temporary.name);
    result.removedTemporary += 1;
  }
  return result;
}
