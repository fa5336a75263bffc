/**
 * Test data builders: a valid input by default, and only what a test is about spelled out.
 * Ids are fresh on every build, so tests never collide on a workflow id.
 *
 *   aUnitTask().from(now).dueIn('3 days').with({ reviewRequired: true }).build()
 *   aDirective().from(now).dueIn('10 days').withTasks(350).shardSize(100).build()
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_REMINDER_POLICY, type Recurrence, type ReminderPolicy } from '@dondoc/domain';
import type { AssignmentRef, DirectiveSettings } from '@dondoc/workflows/directive/contract';
import type { UnitTaskInput } from '@dondoc/workflows/unit-task/contract';
import type { DirectiveInput } from '@dondoc/workflows/directive/contract';
import type { ReportSeriesInput } from '@dondoc/workflows/report-series/contract';
import { iso, ms, type HumanDuration } from './time';

/** The coordinating body (văn phòng) that receives escalations in every test. */
export const COORDINATING_UNIT = 'van-phong-ubnd-tinh';
/** The issuing body. */
export const ISSUER_UNIT = 'ubnd-tinh';

/** A short unique suffix for ids that must not contain slashes. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

function defaultSettings(): DirectiveSettings {
  return {
    issuerUnitId: ISSUER_UNIT,
    coordinatingUnitId: COORDINATING_UNIT,
    reviewRequired: false,
    reminderPolicy: { ...DEFAULT_REMINDER_POLICY, before: [...DEFAULT_REMINDER_POLICY.before] },
  };
}

/** Builds a {@link UnitTaskInput}: a lead task for one unit, default policy, no review. */
export class UnitTaskBuilder {
  private now = Date.now();
  private due: HumanDuration = '7 days';
  private overrides: Partial<UnitTaskInput> = {};
  private policy: Partial<ReminderPolicy> = {};

  /** The instant deadlines count from; pass the test server's clock. */
  from(epochMs: number): this {
    this.now = epochMs;
    return this;
  }

  dueIn(duration: HumanDuration): this {
    this.due = duration;
    return this;
  }

  /** Changes part of the reminder policy; the rest stays the default. */
  withPolicy(policy: Partial<ReminderPolicy>): this {
    this.policy = { ...this.policy, ...policy };
    return this;
  }

  with(overrides: Partial<UnitTaskInput>): this {
    this.overrides = { ...this.overrides, ...overrides };
    return this;
  }

  build(): UnitTaskInput {
    const settings = defaultSettings();
    const dueAt = iso(this.now + ms(this.due));
    return {
      taskId: randomUUID(),
      directiveId: uniqueId('cv'),
      unitId: 'so-tai-chinh',
      role: 'lead',
      dueAt,
      originalDueAt: dueAt,
      ...settings,
      reminderPolicy: { ...settings.reminderPolicy, ...this.policy },
      ...this.overrides,
    };
  }
}

/** A unit task input builder with valid defaults. */
export function aUnitTask(): UnitTaskBuilder {
  return new UnitTaskBuilder();
}

/** A directive ready to start: its workflow input and the assignments to seed the fake with. */
export interface BuiltDirective {
  input: DirectiveInput;
  assignments: AssignmentRef[];
}

/** Builds a directive with `taskCount` lead assignments, unit ids `unit-00000`, `unit-00001`, … */
export class DirectiveBuilder {
  private now = Date.now();
  private due: HumanDuration = '30 days';
  private count = 5;
  private size = 1_000;
  private settings: Partial<DirectiveSettings> = {};

  from(epochMs: number): this {
    this.now = epochMs;
    return this;
  }

  dueIn(duration: HumanDuration): this {
    this.due = duration;
    return this;
  }

  withTasks(count: number): this {
    this.count = count;
    return this;
  }

  shardSize(size: number): this {
    this.size = size;
    return this;
  }

  with(settings: Partial<DirectiveSettings>): this {
    this.settings = { ...this.settings, ...settings };
    return this;
  }

  build(): BuiltDirective {
    const directiveId = uniqueId('cv');
    const dueAt = iso(this.now + ms(this.due));
    const assignments: AssignmentRef[] = Array.from({ length: this.count }, (_, i) => ({
      taskId: randomUUID(),
      unitId: `unit-${String(i).padStart(5, '0')}`,
      role: 'lead',
      dueAt,
      originalDueAt: dueAt,
    }));
    // Seeded out of order: the fake, like the SQL, must sort pages by unit id.
    assignments.reverse();
    return {
      input: {
        directiveId,
        taskCount: this.count,
        shardSize: this.size,
        settings: { ...defaultSettings(), ...this.settings },
      },
      assignments,
    };
  }
}

/** A directive builder with valid defaults. */
export function aDirective(): DirectiveBuilder {
  return new DirectiveBuilder();
}

/** The read-model row a unit task starts from, to seed the fake with. */
export function assignmentOf(input: UnitTaskInput): AssignmentRef {
  return {
    taskId: input.taskId,
    unitId: input.unitId,
    role: input.role,
    dueAt: input.dueAt,
    originalDueAt: input.originalDueAt,
  };
}

/** The report series input for one unit's periodic assignment of a built directive, as the shard starts it. */
export function reportSeriesInputOf(
  directive: DirectiveInput,
  assignment: AssignmentRef,
  recurrence: Recurrence,
  periodsPerRun?: number,
): ReportSeriesInput {
  return {
    directiveId: directive.directiveId,
    unitId: assignment.unitId,
    role: assignment.role,
    firstTaskId: assignment.taskId,
    firstDueAt: assignment.dueAt,
    recurrence,
    settings: directive.settings,
    ...(periodsPerRun !== undefined ? { periodsPerRun } : {}),
  };
}
