/**
 * The digest test's world, written straight to the read model around the server's clock: a late
 * unit with tasks of every kind a digest must list or leave out, its coordinating body holding an
 * escalation, a quiet unit, and contacts in both modes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { TaskStatus } from '@dondoc/domain';

const DAY = 86_400_000;

/** The ids and addresses the digest test asserts on. */
export interface DigestWorld {
  /** The directives of the three tasks the late unit's digest lists, in the order they were seeded. */
  directiveNumbers: string[];
  /** Every unit with a digest contact, in id order (as the workflow pages them). */
  unitIds: string[];
  dueSoonTaskId: string;
  overdueTaskId: string;
  escalatedTaskId: string;
  lateUnitContact: string;
  coordinatorContact: string;
  quietUnitContact: string;
  eachModeContact: string;
}

/** Seeds {@link DigestWorld}: `now` is the server's clock, `firstAt` the first digest's instant. */
export async function seedDigestWorld(db: DataSource, now: number, firstAt: number): Promise<DigestWorld> {
  const tag = randomBytes(3).toString('hex');
  const unit = async (label: string): Promise<string> => {
    const id = `${label}-${tag}`;
    await db.query(`INSERT INTO units (id, name, level) VALUES ($1, $2, 'province')`, [id, `Đơn vị ${label} ${tag}`]);
    return id;
  };
  const [issuer, coordinator, late, quiet, other] = [
    await unit('issuer'),
    await unit('ban-chi-dao'),
    await unit('late'),
    await unit('quiet'),
    await unit('other'),
  ];
  // One task per directive and unit: each task gets a directive of its own, so the digest groups them.
  const directiveNumbers: string[] = [];
  const directive = async (): Promise<string> => {
    const id = randomUUID();
    const number = `${tag}-${directiveNumbers.length + 1}-CV/TU`;
    directiveNumbers.push(number);
    await db.query(
      `INSERT INTO directives (id, number, issuer_unit_id, subject, issued_at, coordinating_unit_id, reminder_policy, status, created_by)
       VALUES ($1, $2, $3, 'V/v báo cáo tình hình', now(), $4, $5, 'active', 'van.thu')`,
      [
        id,
        number,
        issuer,
        coordinator,
        JSON.stringify({ before: ['P3D', 'P1D'], atDeadline: true, overdueEvery: 'P1D', escalateAfter: 'P1D' }),
      ],
    );
    return id;
  };
  const task = async (
    unitId: string,
    dueAt: number,
    status: TaskStatus = 'assigned',
    activated = true,
  ): Promise<string> => {
    const id = randomUUID();
    const directiveId = await directive();
    await db.query(
      `INSERT INTO tasks (id, directive_id, unit_id, role, instructions, due_at, original_due_at, status, activated_at)
       VALUES ($1, $2, $3, 'lead', 'Báo cáo trước hạn', $4, $4, $5, $6)`,
      [id, directiveId, unitId, new Date(dueAt), status, activated ? new Date(now - DAY) : null],
    );
    return id;
  };
  const escalate = async (taskId: string, unitId: string, status: 'open' | 'resolved'): Promise<void> => {
    const id = randomUUID();
    const [{ directive_id: directiveId }] = (await db.query(`SELECT directive_id FROM tasks WHERE id = $1`, [
      taskId,
    ])) as [{ directive_id: string }];
    await db.query(
      `INSERT INTO escalations (id, task_id, directive_id, unit_id, coordinating_unit_id, level, current_unit_id, opened_at, status)
       VALUES ($1, $2, $3, $4, $5, 1, $5, $6, $7)`,
      [id, taskId, directiveId, unitId, coordinator, new Date(now - DAY / 2), status],
    );
    await db.query(
      `INSERT INTO escalation_levels (escalation_id, level, coordinating_unit_id, opened_at) VALUES ($1, 1, $2, $3)`,
      [id, coordinator, new Date(now - DAY / 2)],
    );
  };

  // Listed in the late unit's digest: due within its first reminder's reach, overdue, escalated (and overdue).
  const dueSoonTaskId = await task(late, firstAt + 2 * DAY);
  const overdueTaskId = await task(late, now - DAY, 'in_progress');
  const escalatedTaskId = await task(late, now - 2 * DAY);
  await escalate(escalatedTaskId, late, 'open');
  // Left out: not yet in its reminder window, closed, delivered for review, not yet listed, another unit's.
  await task(late, firstAt + 30 * DAY);
  await task(late, now - DAY, 'completed');
  await task(late, now - DAY, 'submitted');
  await task(late, firstAt + 2 * DAY, 'submitted');
  await task(late, firstAt + DAY, 'assigned', false);
  await task(other, firstAt + DAY);
  await escalate(await task(other, now - 2 * DAY, 'completed'), other, 'resolved');

  const contact = async (unitId: string, email: string, topics: string[], mode: 'each' | 'digest'): Promise<string> => {
    await db.query(`INSERT INTO unit_contacts (unit_id, name, email, topics, mode) VALUES ($1, $2, $3, $4, $5)`, [
      unitId,
      `Chánh văn phòng ${tag}`,
      email,
      topics,
      mode,
    ]);
    return email;
  };
  return {
    directiveNumbers: directiveNumbers.slice(0, 3),
    unitIds: [coordinator, late, quiet].sort(),
    dueSoonTaskId,
    overdueTaskId,
    escalatedTaskId,
    lateUnitContact: await contact(late, `van-phong.late-${tag}@test.gov.vn`, ['all'], 'digest'),
    coordinatorContact: await contact(coordinator, `bcd-${tag}@test.gov.vn`, ['escalation'], 'digest'),
    quietUnitContact: await contact(quiet, `quiet-${tag}@test.gov.vn`, ['all'], 'digest'),
    eachModeContact: await contact(late, `lanh-dao.late-${tag}@test.gov.vn`, ['all'], 'each'),
  };
}
