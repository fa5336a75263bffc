import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { DATE_TIME_TYPE } from '../validation/type-messages';
import { WithinDeadlineHorizon } from '../validation/limits';
import type { Recurrence } from '@dondoc/domain';
import { TASK_STATUSES, type TaskStatus } from '@dondoc/domain';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { PageQuery } from '../pagination/page-query';
import {
  BooleanFilter,
  EnumListFilter,
  IdFilter,
  PageCursor,
  PageLimit,
  TextFilter,
} from '../validation/query-filters';

export class ProgressBody {
  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  percent!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5_000)
  note?: string;
}

export class SubmitBody {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  report!: string;

  /** Files of this task (POST /tasks/:id/attachments) the report names; each is checked, and frozen by the submission. */
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  attachmentIds?: string[];
}

export class ReturnBody {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(5_000)
  reason!: string;
}

export class ExtensionRequestBody {
  @ApiProperty({ description: 'ISO-8601 date-time, or a date (YYYY-MM-DD)' })
  @IsString({ message: DATE_TIME_TYPE })
  @WithinDeadlineHorizon()
  requestedDueAt!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(5_000)
  reason!: string;
}

export class RejectExtensionBody {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(5_000)
  reason!: string;
}

export class ApproveExtensionBody {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5_000)
  note?: string;
}

/** POST /tasks/:id/assign: the person of the task's unit who handles it from now, or null for nobody. */
export class AssignBody {
  @ApiProperty({ type: String, nullable: true, example: 'can.bo.2', description: 'the person’s sub; null clears it' })
  @ValidateIf((body: AssignBody) => body.assignee !== null)
  @IsString({ message: 'phải là mã người dùng (sub) của một người trong đơn vị, hoặc null để bỏ giao' })
  @Matches(/^\S{1,200}$/, { message: 'phải là mã người dùng (sub) không có khoảng trắng, tối đa 200 ký tự' })
  assignee!: string | null;
}

/** Actions without fields: an empty body or `{}`; any field sent is refused as unknown. */
export class EmptyBody {}

/** A task as the API shows it. */
export interface TaskView {
  id: string;
  directiveId: string;
  unitId: string;
  role: string;
  instructions: string;
  /** Which period of a periodic report this task is, from 0; null for a one-off task. */
  period: number | null;
  /** How the periodic report repeats; null for a one-off task. */
  recurrence: Recurrence | null;
  status: string;
  dueAt: string;
  originalDueAt: string;
  overdue: boolean;
  escalated: boolean;
  progress: { percent: number; note: string | null };
  report: string | null;
  returnReason: string | null;
  activatedAt: string | null;
  acknowledgedAt: string | null;
  submittedAt: string | null;
  completedAt: string | null;
  closedAt: string | null;
  reassignedFromTaskId: string | null;
  reassignedToTaskId: string | null;
  /** The `sub` of the person of the unit who handles the task, or null (issue 13). */
  assignee: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One entry of a task's history. */
export interface TaskEventView {
  id: string;
  taskId: string;
  /** `change`: a numbered change of the workflow; `comment`: a comment (only with `include=comments`). */
  kind: TaskEventKind;
  sequence: number;
  actor: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

/** What an entry of a task's history is. */
export const TASK_EVENT_KINDS = ['change', 'comment'] as const;
/** One of {@link TASK_EVENT_KINDS}. */
export type TaskEventKind = (typeof TASK_EVENT_KINDS)[number];

/** What `include` may add to a task's history. */
export const TASK_EVENT_INCLUDES = ['comments'] as const;

/** The query of GET /tasks/:id/events: one page, and whether the comments are merged in. */
export class TaskEventsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: TASK_EVENT_INCLUDES,
    description:
      '`comments`: the comments appear among the changes (kind `comment`), each after the change it followed; the cursor of this view is not interchangeable with the plain one',
  })
  @IsOptional()
  @IsIn(TASK_EVENT_INCLUDES, { message: `phải là một trong: ${TASK_EVENT_INCLUDES.join(', ')}` })
  include?: (typeof TASK_EVENT_INCLUDES)[number];
}

/** An extension request as the API shows it. */
export interface ExtensionRequestView {
  id: string;
  taskId: string;
  directiveId: string;
  requestedDueAt: string;
  reason: string;
  status: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

/** The query of GET /tasks. */
export class ListTasksQuery {
  @TextFilter()
  unitId?: string;

  @IdFilter('directive')
  directiveId?: string;

  @EnumListFilter(TASK_STATUSES, { description: 'one or more, comma-separated' })
  status?: TaskStatus[];

  @BooleanFilter()
  overdue?: boolean;

  @TextFilter({ description: '`me` (tasks I handle), `none` (handled by nobody yet) or a person’s sub' })
  @MaxLength(200)
  assignee?: string;

  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}

/** The query of GET /directives/:id/tasks: the filters of GET /tasks that are not the directive. */
export class DirectiveTasksQuery {
  @EnumListFilter(TASK_STATUSES, { description: 'one or more, comma-separated' })
  status?: TaskStatus[];

  @BooleanFilter()
  overdue?: boolean;

  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}
