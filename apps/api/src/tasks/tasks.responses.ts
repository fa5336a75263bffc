/**
 * What the task endpoints answer, as response DTO classes for the OpenAPI document: each
 * implements the view the service builds, so a field added to a view and not here fails to
 * compile, and the integration suite checks every answer against these schemas.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_ROLES, TASK_STATUSES, type Recurrence } from '@dondoc/domain';
import {
  TASK_EVENT_KINDS,
  type ExtensionRequestView,
  type TaskEventKind,
  type TaskEventView,
  type TaskView,
} from './tasks.dto';
import type { ListedExtensionRequestView } from './extension-requests.query';

/** How a periodic report repeats: exactly one of `every` and `dayOfMonth`. */
export class RecurrenceResponse implements Recurrence {
  @ApiPropertyOptional({ description: 'ISO-8601 duration between periods', example: 'P1M' })
  every?: string;

  @ApiPropertyOptional({ description: 'Due on this day of each month', minimum: 1, maximum: 31 })
  dayOfMonth?: number;

  @ApiProperty({ description: 'Last day (YYYY-MM-DD) a period may be due', example: '2027-12-31' })
  until!: string;
}

/** How far the unit says it has come. */
export class TaskProgressResponse {
  @ApiProperty({ minimum: 0, maximum: 100 })
  percent!: number;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
}

/** A task as the API shows it. */
export class TaskResponse implements TaskView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  directiveId!: string;

  @ApiProperty({ example: 'bac-kan-city/ubnd' })
  unitId!: string;

  @ApiProperty({ enum: TASK_ROLES })
  role!: string;

  @ApiProperty()
  instructions!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Period of a periodic report, from 0; null for a one-off task',
  })
  period!: number | null;

  @ApiProperty({ type: RecurrenceResponse, nullable: true, description: 'Null for a one-off task' })
  recurrence!: RecurrenceResponse | null;

  @ApiProperty({ enum: TASK_STATUSES })
  status!: string;

  @ApiProperty({ format: 'date-time', description: 'The deadline in force' })
  dueAt!: string;

  @ApiProperty({ format: 'date-time', description: 'The deadline first given' })
  originalDueAt!: string;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty({ description: 'An escalation is open' })
  escalated!: boolean;

  @ApiProperty({ type: TaskProgressResponse })
  progress!: TaskProgressResponse;

  @ApiProperty({ type: String, nullable: true })
  report!: string | null;

  @ApiProperty({ type: String, nullable: true })
  returnReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  activatedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acknowledgedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reassignedFromTaskId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reassignedToTaskId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The token subject (`sub`) of the person of the unit who handles the task; null when nobody does',
  })
  assignee!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** One entry of a task's history. */
export class TaskEventResponse implements TaskEventView {
  @ApiProperty()
  id!: string;

  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({
    enum: TASK_EVENT_KINDS,
    description:
      '`change`: a numbered change of the workflow; `comment`: a comment (with `include=comments`), whose `id` is the comment id, `actor` its author, `action` `comment`, `sequence` the change it followed, both statuses the status then',
  })
  kind!: TaskEventKind;

  @ApiProperty({ minimum: 0 })
  sequence!: number;

  @ApiProperty({ description: 'The token subject, or `system` for the engine' })
  actor!: string;

  @ApiProperty()
  action!: string;

  @ApiProperty({ type: String, nullable: true, enum: TASK_STATUSES })
  fromStatus!: string | null;

  @ApiProperty({ enum: TASK_STATUSES })
  toStatus!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What the action carried (percent, note, report, deadline, …); for a comment: `commentId`, `authorUnitId`, `text` (null once deleted: a tombstone), `editedAt`, `deletedAt`',
  })
  data!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
}

/** What an extension request's status may be. */
const EXTENSION_STATUSES = ['pending', 'approved', 'rejected'];

/** An extension request as the API shows it. */
export class ExtensionRequestResponse implements ExtensionRequestView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ format: 'uuid' })
  directiveId!: string;

  @ApiProperty({ format: 'date-time' })
  requestedDueAt!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ enum: EXTENSION_STATUSES })
  status!: string;

  @ApiProperty()
  requestedBy!: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  decidedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  decisionReason!: string | null;
}

/** A request in the decider's list (GET /extension-requests): with its unit and the deadline it would replace. */
export class ListedExtensionRequestResponse extends ExtensionRequestResponse implements ListedExtensionRequestView {
  @ApiProperty({ example: 'bac-kan-city/ubnd' })
  unitId!: string;

  @ApiProperty({ format: 'date-time', description: 'The task’s deadline now, which approval replaces' })
  currentDueAt!: string;
}
