/**
 * What the directive endpoints answer, as response DTO classes for the OpenAPI document; each
 * implements the view the service builds, so the two cannot drift apart unnoticed.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ReminderPolicy } from '@dondoc/domain';
import { TASK_STATUSES } from '@dondoc/domain';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { DIRECTIVE_STATUSES, type DirectiveProgressView, type DirectiveView } from './directives.dto';

/** A reminder offset: an ISO-8601 duration (`P3D`), or a number of working days. */
const REMINDER_OFFSETS: SchemaObject[] = [
  { type: 'string', description: 'ISO-8601 duration', example: 'P3D' },
  { type: 'object', required: ['workingDays'], properties: { workingDays: { type: 'integer', minimum: 1 } } },
];

/** When a directive's tasks remind, send overdue notices and escalate. */
export class ReminderPolicyResponse implements ReminderPolicy {
  @ApiProperty({
    type: 'array',
    items: { oneOf: REMINDER_OFFSETS },
    description: 'Reminders this long before the deadline',
  })
  before!: ReminderPolicy['before'];

  @ApiProperty({ description: 'A reminder at the deadline itself' })
  atDeadline!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Overdue notices this often; null sends none' })
  overdueEvery!: string | null;

  @ApiProperty({
    oneOf: REMINDER_OFFSETS,
    nullable: true,
    description: 'Escalate this long after the deadline; null never escalates',
  })
  escalateAfter!: ReminderPolicy['escalateAfter'];
}

/** Where a directive's tasks stand. */
export class DirectiveProgressResponse implements DirectiveProgressView {
  @ApiProperty({ description: 'Every task the directive assigned' })
  total!: number;

  @ApiProperty({ description: 'Tasks whose workflows are running or have run' })
  active!: number;

  @ApiProperty({
    type: 'object',
    description: 'Tasks per status (statuses with none may be left out)',
    properties: Object.fromEntries(TASK_STATUSES.map((status) => [status, { type: 'integer', minimum: 0 }])),
    additionalProperties: false,
  })
  byStatus!: Record<string, number>;

  @ApiProperty()
  overdue!: number;

  @ApiProperty()
  escalated!: number;
}

/** A directive as the API shows it. */
export class DirectiveResponse implements DirectiveView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '335-CV/TU' })
  number!: string;

  @ApiProperty({ example: 'bac-kan/tinh-uy' })
  issuerUnitId!: string;

  @ApiProperty()
  subject!: string;

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  body!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  parentDirectiveId!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The task this directive carries out (POST /tasks/:id/implement)',
  })
  parentTaskId!: string | null;

  @ApiProperty()
  gatesParentSubmission!: boolean;

  @ApiProperty()
  coordinatingUnitId!: string;

  @ApiProperty()
  reviewRequired!: boolean;

  @ApiProperty({ type: ReminderPolicyResponse })
  reminderPolicy!: ReminderPolicyResponse;

  @ApiProperty({ enum: DIRECTIVE_STATUSES })
  status!: string;

  @ApiProperty()
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  withdrawnAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  withdrawnBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  withdrawnReason!: string | null;

  @ApiPropertyOptional({
    type: DirectiveProgressResponse,
    description: 'Present on reads of one directive and in lists',
  })
  progress?: DirectiveProgressResponse;
}
