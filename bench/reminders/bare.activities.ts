/**
 * The baseline's one write: a row per bare timer in a table of the benchmark's own, stamped by
 * PostgreSQL when its transaction starts, as Dondoc's outbox row is.
 */
import type { Pool } from 'pg';

/** The table the bare timers write, created by {@link createBareTimerTable}. */
export const BARE_TIMER_TABLE = 'bench_bare_timer_rows';

/** Creates the baseline's table (once per database). */
export async function createBareTimerTable(pool: Pool): Promise<void> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${BARE_TIMER_TABLE} (
       id text PRIMARY KEY, scheduled_at timestamptz NOT NULL, written_at timestamptz NOT NULL DEFAULT now())`,
  );
}

/** The activities of the baseline worker, over a pool of the benchmark's own. */
export function createBareActivities(pool: Pool) {
  return {
    /** Writes the timer's row (idempotent on its id). */
    async writeTimerRow(input: { id: string; scheduledAt: number }): Promise<void> {
      await pool.query(
        `INSERT INTO ${BARE_TIMER_TABLE} (id, scheduled_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
        [input.id, new Date(input.scheduledAt)],
      );
    },
  };
}

/** What the bare workflows proxy (by type only). */
export type BareActivities = ReturnType<typeof createBareActivities>;
