import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DATE_TIME_TYPE, DATE_TYPE, DURATION_TYPE } from '../validation/type-messages';
import { NotInFuture, WithinDeadlineHorizon } from '../validation/limits';
import { TASK_ROLES, type ReminderPolicy, type TaskRole } from '@dondoc/domain';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { EnumListFilter, IdFilter, PageCursor, PageLimit, TextFilter } from '../validation/query-filters';

/** Most recipients one directive may name; the fan-out is sharded, so this bounds request size only. */
export const MAX_ASSIGNMENTS = 20_000;

/**
 * A periodic report: one task per period. The types are checked here; the rules (exactly one
 * of `every` and `dayOfMonth`, whole months/weeks/days, `until` not before the first deadline)
 * by the domain, which names the same fields.
 */
export class RecurrenceInput {
  @ApiPropertyOptional({
    description: 'ISO-8601 duration of whole years, months, weeks or days, counted from the first deadline',
    example: 'P1M',
  })
  @IsOptional()
  @IsString({ message: DURATION_TYPE })
  every?: string;

  @ApiPropertyOptional({
    description: 'Due on this day of each month (clamped to short months), at the end of the working day',
    minimum: 1,
    maximum: 31,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(31)
  dayOfMonth?: number;

  @ApiProperty({ description: 'Last day (YYYY-MM-DD, inclusive) a period may be due', example: '2027-12-31' })
  @IsString({ message: DATE_TYPE })
  until!: string;
}

/** A term counted in working days from the directive's `issuedAt` (Civil Code 2015 art. 147–148). */
export class DueInInput {
  @ApiProperty({
    description:
      'Working days after the day of issue (that day is not counted); the term ends with its last working day',
    minimum: 1,
    maximum: 1000,
    example: 10,
  })
  @IsInt()
  @Min(1)
  @Max(1000)
  workingDays!: number;
}

export class AssignmentInput {
  @ApiProperty({ example: 'bac-kan-city/ubnd' })
  @IsString()
  @MinLength(1)
  unitId!: string;

  @ApiProperty({ enum: TASK_ROLES })
  @IsIn(TASK_ROLES, { message: `must be one of: ${TASK_ROLES.join(', ')}` })
  role!: TaskRole;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  instructions!: string;

  @ApiPropertyOptional({
    description:
      'ISO-8601 date-time, or a date (YYYY-MM-DD) meaning the end of that working day in Vietnam; give this or `dueIn`',
    example: '2026-12-20',
  })
  @IsOptional()
  @IsString({ message: DATE_TIME_TYPE })
  @WithinDeadlineHorizon()
  dueAt?: string;

  @ApiPropertyOptional({
    type: DueInInput,
    description: 'The deadline as a number of working days from `issuedAt`; give this or `dueAt`',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DueInInput)
  dueIn?: DueInInput;

  @ApiPropertyOptional({
    type: RecurrenceInput,
    description: 'A periodic report: `dueAt` is the first period’s deadline',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RecurrenceInput)
  recurrence?: RecurrenceInput;
}

export class CreateDirectiveBody {
  @ApiProperty({ example: '276-CV/TU' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  number!: string;

  @ApiProperty({ example: 'bac-kan-city/thanh-uy' })
  @IsString()
  @MinLength(1)
  issuerUnitId!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  subject!: string;

  @ApiProperty({ example: '2021-08-11' })
  @IsString({ message: DATE_TIME_TYPE })
  @NotInFuture()
  issuedAt!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200_000)
  body?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID: the id of a directive' })
  parentDirectiveId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  coordinatingUnitId?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  reviewRequired?: boolean;

  @ApiPropertyOptional({
    default: true,
    description: 'When implementing a task: it cannot be submitted while this directive has open lead tasks',
  })
  @IsOptional()
  @IsBoolean()
  gatesParentSubmission?: boolean;

  @ApiPropertyOptional({
    example: { before: ['P3D', 'P1D'], atDeadline: true, overdueEvery: 'P1D', escalateAfter: 'P1D' },
  })
  @IsOptional()
  @IsObject()
  reminderPolicy?: Partial<ReminderPolicy>;

  @ApiProperty({ type: [AssignmentInput] })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one recipient unit' })
  @ArrayMaxSize(MAX_ASSIGNMENTS)
  @ValidateNested({ each: true })
  @Type(() => AssignmentInput)
  assignments!: AssignmentInput[];
}

/** The body of POST /tasks/:id/implement: a directive whose issuer is the task's unit and whose parent is the task's directive. */
export class ImplementTaskBody extends OmitType(CreateDirectiveBody, ['issuerUnitId', 'parentDirectiveId'] as const) {}

export class WithdrawDirectiveBody {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  reason?: string;
}

export class AmendDeadlineBody {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  unitId!: string;

  @ApiProperty({ description: 'ISO-8601 date-time, or a date (YYYY-MM-DD)' })
  @IsString({ message: DATE_TIME_TYPE })
  @WithinDeadlineHorizon()
  dueAt!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  reason?: string;
}

/** Where a directive's tasks stand, from the read model. */
export interface DirectiveProgressView {
  total: number;
  /** Tasks whose workflows are running or have run. */
  active: number;
  byStatus: Record<string, number>;
  overdue: number;
  escalated: number;
}

/** A directive as the API shows it. */
export interface DirectiveView {
  id: string;
  number: string;
  issuerUnitId: string;
  subject: string;
  issuedAt: string;
  body: string | null;
  parentDirectiveId: string | null;
  /** The task this directive carries out, when issued through POST /tasks/:id/implement. */
  parentTaskId: string | null;
  gatesParentSubmission: boolean;
  coordinatingUnitId: string;
  reviewRequired: boolean;
  reminderPolicy: ReminderPolicy;
  status: string;
  createdBy: string;
  createdAt: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawnReason: string | null;
  progress?: DirectiveProgressView;
}

/** What a directive's status may be. */
export const DIRECTIVE_STATUSES = ['active', 'withdrawn'] as const;

/** The query of GET /directives. */
export class ListDirectivesQuery {
  @TextFilter()
  issuerUnitId?: string;

  @EnumListFilter(DIRECTIVE_STATUSES)
  status?: (typeof DIRECTIVE_STATUSES)[number][];

  @IdFilter('directive')
  parentDirectiveId?: string;

  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}
