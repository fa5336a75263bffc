import { Inject, Injectable } from '@nestjs/common';
import {
  ValidationError,
  parseRecurrence,
  parseReminderPolicy,
  type Recurrence,
  type ReminderPolicy,
  type WorkingCalendar,
} from '@dondoc/domain';
import { DirectiveEntity } from '@dondoc/persistence';
import { CalendarService } from '../calendar/calendar.service';
import { FieldErrors } from '../errors/errors';
import { parseDeadline, parseInstant } from '../time/times';
import { ScopeService } from '../scope/scope.service';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { UnitsService } from '../units/units.service';
import type { AssignmentInput, CreateDirectiveBody } from './directives.dto';

type Problem = { field: string; problem: string };

/** A new directive as checked: what its body says, read and resolved. */
export interface CheckedDirective {
  issuedAt: Date;
  policy: ReminderPolicy;
  deadlines: Date[];
  recurrences: (Recurrence | undefined)[];
  coordinatingUnitId: string;
}

/**
 * What a new directive's body is checked for beyond its shape, needing the data or the domain's
 * rules: its dates and deadlines, its reminder policy and recurrences, the units it names, its parent.
 */
@Injectable()
export class DirectiveChecks {
  constructor(
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly units: UnitsService,
    private readonly scope: ScopeService,
    private readonly calendar: CalendarService,
  ) {}

  /**
   * An assignment's deadline: `dueAt` as given, or `dueIn` working days after the day of issue,
   * ending at the configured hour of the last one. Exactly one of the two.
   */
  private deadlineOf(
    a: AssignmentInput,
    issuedAt: Date | undefined,
    calendar: WorkingCalendar,
  ): { at: Date } | { field: string; problem: string } {
    if ((a.dueAt === undefined) === (a.dueIn === undefined))
      return { field: 'dueAt', problem: 'give exactly one of dueAt and dueIn' };
    if (a.dueAt !== undefined) {
      const due = parseDeadline(a.dueAt, calendar);
      return 'problem' in due ? { field: 'dueAt', problem: due.problem } : due;
    }
    // Without a valid issuedAt there is nothing to count from; issuedAt's own problem is reported.
    if (issuedAt === undefined) return { field: 'dueIn', problem: 'needs a valid issuedAt to count from' };
    return {
      at: new Date(calendar.workingDaysLater(issuedAt.getTime(), a.dueIn!.workingDays, this.settings.workingDayEndsAt)),
    };
  }

  /** Checks everything before anything is written, reporting every problem at once. */
  async check(body: CreateDirectiveBody): Promise<CheckedDirective> {
    const problems: Problem[] = [];
    const issued = parseInstant(body.issuedAt);
    if ('problem' in issued) problems.push({ field: 'issuedAt', problem: issued.problem });

    let policy: ReminderPolicy | undefined;
    try {
      policy = parseReminderPolicy(body.reminderPolicy, 'reminderPolicy', {
        minInterval: this.settings.limits.minNoticeInterval,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push({ field: error.field, problem: error.problem });
    }

    const now = Date.now();
    const calendar = await this.calendar.current();
    const deadlines: Date[] = [];
    const recurrences: (Recurrence | undefined)[] = [];
    const firstIndex = new Map<string, number>();
    body.assignments.forEach((a, i) => {
      const due = this.deadlineOf(a, 'problem' in issued ? undefined : issued.at, calendar);
      if ('problem' in due) problems.push({ field: `assignments[${i}].${due.field}`, problem: due.problem });
      else if (due.at.getTime() <= now)
        problems.push({ field: `assignments[${i}].dueAt`, problem: `is in the past (${due.at.toISOString()})` });
      else deadlines.push(due.at);
      if (a.recurrence !== undefined && !('problem' in due)) {
        try {
          recurrences[i] = parseRecurrence(
            { ...a.recurrence },
            due.at.getTime(),
            `assignments[${i}].recurrence`,
            calendar,
          );
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          problems.push({ field: error.field, problem: error.problem });
        }
      }
      const seen = firstIndex.get(a.unitId);
      if (seen !== undefined)
        problems.push({
          field: `assignments[${i}].unitId`,
          problem: `names unit ${a.unitId} again (already in assignments[${seen}])`,
        });
      else firstIndex.set(a.unitId, i);
    });

    const referenced = [
      body.issuerUnitId,
      ...body.assignments.map((a) => a.unitId),
      ...(body.coordinatingUnitId ? [body.coordinatingUnitId] : []),
    ];
    const missing = await this.units.missing(referenced);
    if (missing.has(body.issuerUnitId))
      problems.push({ field: 'issuerUnitId', problem: `names unit ${body.issuerUnitId}, which does not exist` });
    if (body.coordinatingUnitId && missing.has(body.coordinatingUnitId)) {
      problems.push({
        field: 'coordinatingUnitId',
        problem: `names unit ${body.coordinatingUnitId}, which does not exist`,
      });
    }
    body.assignments.forEach((a, i) => {
      if (missing.has(a.unitId))
        problems.push({ field: `assignments[${i}].unitId`, problem: `names unit ${a.unitId}, which does not exist` });
    });
    if (body.parentDirectiveId) {
      // One the caller may not read is answered as one that does not exist.
      const parent = await this.scope.visible(DirectiveEntity, body.parentDirectiveId, (scope, alias) =>
        scope.directives(alias, 'row'),
      );
      if (parent === null)
        problems.push({
          field: 'parentDirectiveId',
          problem: `names directive ${body.parentDirectiveId}, which does not exist`,
        });
    }
    if (problems.length > 0) throw new FieldErrors(problems);

    // By default the issuer's coordinating body (its own or an ancestor's); failing that, the issuer itself.
    const coordinatingUnitId =
      body.coordinatingUnitId ?? (await this.units.effectiveCoordinator(body.issuerUnitId)) ?? body.issuerUnitId;
    return { issuedAt: (issued as { at: Date }).at, policy: policy!, deadlines, recurrences, coordinatingUnitId };
  }
}
