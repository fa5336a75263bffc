/**
 * Runs the orphaned-blob sweep in the worker: once shortly after start, then every hour, taking
 * blobs no attachment row names once they are over an hour old. A failed sweep is logged and
 * tried again at the next turn; the timer never keeps the process alive.
 */
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { referencedAttachmentBlobs } from '@dondoc/persistence';
import { sweepOrphanBlobs, type BlobStore } from '@dondoc/storage';

/** How often the sweep runs, and how old an unreferenced blob must be to go. */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;
export const SWEEP_OLDER_THAN_MS = 60 * 60 * 1000;

/** Starts the periodic sweep; the returned function stops it. */
export function startAttachmentSweep(dataSource: DataSource, store: BlobStore, logger: Logger): () => void {
  let running = false;
  const sweep = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const result = await sweepOrphanBlobs(
        store,
        (candidates) => referencedAttachmentBlobs(dataSource, candidates),
        SWEEP_OLDER_THAN_MS,
      );
      logger.info({ ...result, storage: store.kind }, 'attachment blob sweep done');
    } catch (error) {
      logger.warn({ err: error }, 'attachment blob sweep failed; it runs again in an hour');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void sweep(), 60_000);
  const every = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
