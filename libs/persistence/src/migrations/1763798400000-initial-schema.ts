import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisation tree, directives, tasks and their history, notifications, escalations, extension requests. */
export class InitialSchema1763798400000 implements MigrationInterface {
  name = 'InitialSchema1763798400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE units (
        id text PRIMARY KEY,
        name text NOT NULL,
        level text NOT NULL,
        parent_id text NULL REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
        kind text NULL,
        coordinating_unit_id text NULL REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX "IDX_units_parent_id" ON units (parent_id)`);

    await db.query(`
      CREATE TABLE directives (
        id uuid PRIMARY KEY,
        number text NOT NULL,
        issuer_unit_id text NOT NULL REFERENCES units(id),
        subject text NOT NULL,
        issued_at timestamptz NOT NULL,
        body text NULL,
        parent_directive_id uuid NULL REFERENCES directives(id),
        coordinating_unit_id text NOT NULL REFERENCES units(id),
        review_required boolean NOT NULL DEFAULT false,
        reminder_policy jsonb NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
        withdrawn_at timestamptz NULL,
        withdrawn_reason text NULL,
        withdrawn_by text NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_directives_issuer_number UNIQUE (issuer_unit_id, number)
      )`);
    await db.query(`CREATE INDEX "IDX_directives_issuer_unit_id" ON directives (issuer_unit_id)`);
    await db.query(`CREATE INDEX "IDX_directives_parent_directive_id" ON directives (parent_directive_id)`);
    await db.query(`CREATE INDEX ix_directives_created ON directives (created_at, id)`);

    await db.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY,
        directive_id uuid NOT NULL REFERENCES directives(id),
        unit_id text NOT NULL REFERENCES units(id),
        role text NOT NULL CHECK (role IN ('lead', 'coordinate', 'inform')),
        instructions text NOT NULL,
        due_at timestamptz NOT NULL,
        original_due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN
          ('assigned', 'acknowledged', 'in_progress', 'submitted', 'completed', 'cancelled', 'waived', 'reassigned')),
        progress_percent integer NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
        progress_note text NULL,
        report text NULL,
        return_reason text NULL,
        escalated boolean NOT NULL DEFAULT false,
        activated_at timestamptz NULL,
        acknowledged_at timestamptz NULL,
        submitted_at timestamptz NULL,
        completed_at timestamptz NULL,
        closed_at timestamptz NULL,
        reassigned_from_task_id uuid NULL,
        reassigned_to_task_id uuid NULL,
        version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_tasks_directive_unit UNIQUE (directive_id, unit_id)
      )`);
    await db.query(`CREATE INDEX ix_tasks_unit_due ON tasks (unit_id, due_at)`);
    await db.query(`CREATE INDEX ix_tasks_directive_due ON tasks (directive_id, due_at)`);
    await db.query(`CREATE INDEX ix_tasks_due ON tasks (due_at, id)`);
    await db.query(`CREATE INDEX "IDX_tasks_status" ON tasks (status)`);

    await db.query(`
      CREATE TABLE task_events (
        id text PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id),
        directive_id uuid NOT NULL REFERENCES directives(id),
        sequence integer NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        from_status text NULL,
        to_status text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        occurred_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX ix_task_events_task_time ON task_events (task_id, occurred_at)`);

    await db.query(`
      CREATE TABLE notifications (
        id text PRIMARY KEY,
        recipient_unit_id text NOT NULL REFERENCES units(id),
        task_id uuid NOT NULL REFERENCES tasks(id),
        directive_id uuid NOT NULL REFERENCES directives(id),
        kind text NOT NULL CHECK (kind IN ('reminder', 'overdue', 'escalation')),
        message text NOT NULL,
        scheduled_for timestamptz NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX ix_notifications_unit_time ON notifications (recipient_unit_id, created_at)`);
    await db.query(`CREATE INDEX ix_notifications_task_time ON notifications (task_id, created_at)`);

    await db.query(`
      CREATE TABLE escalations (
        id uuid PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id),
        directive_id uuid NOT NULL REFERENCES directives(id),
        unit_id text NOT NULL REFERENCES units(id),
        coordinating_unit_id text NOT NULL REFERENCES units(id),
        opened_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'resolved', 'closed')),
        resolution jsonb NULL,
        resolved_at timestamptz NULL,
        resolved_by text NULL
      )`);
    await db.query(`CREATE INDEX "IDX_escalations_task_id" ON escalations (task_id)`);
    await db.query(`CREATE INDEX ix_escalations_coordinator_status ON escalations (coordinating_unit_id, status)`);

    await db.query(`
      CREATE TABLE extension_requests (
        id uuid PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id),
        directive_id uuid NOT NULL REFERENCES directives(id),
        requested_due_at timestamptz NOT NULL,
        reason text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        decided_by text NULL,
        decided_at timestamptz NULL,
        decision_reason text NULL
      )`);
    await db.query(`CREATE INDEX "IDX_extension_requests_task_id" ON extension_requests (task_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'extension_requests',
      'escalations',
      'notifications',
      'task_events',
      'tasks',
      'directives',
      'units',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
