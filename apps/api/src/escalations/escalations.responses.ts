/**
 * What the escalation endpoints answer, as response DTO classes for the OpenAPI document; each
 * implements the view the service builds, so the two cannot drift apart unnoticed.
 */
import { ApiProperty } from '@nestjs/swagger';
import { ESCALATION_STATUSES, type EscalationLevelView, type EscalationView } from './escalations.dto';

/** A body an escalation has reached. */
export class EscalationLevelResponse implements EscalationLevelView {
  @ApiProperty({ minimum: 1 })
  level!: number;

  @ApiProperty()
  coordinatingUnitId!: string;

  @ApiProperty({ format: 'date-time' })
  openedAt!: string;
}

/** An escalation as the API shows it. */
export class EscalationResponse implements EscalationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ format: 'uuid' })
  directiveId!: string;

  @ApiProperty()
  unitId!: string;

  @ApiProperty({ description: 'The body it went to first (level 1)' })
  coordinatingUnitId!: string;

  @ApiProperty({ minimum: 1, description: 'The level it has climbed to' })
  level!: number;

  @ApiProperty({ description: 'The body holding it now' })
  currentCoordinatingUnitId!: string;

  @ApiProperty({ type: [EscalationLevelResponse], description: 'Every body it has reached, level 1 first' })
  levels!: EscalationLevelResponse[];

  @ApiProperty({ format: 'date-time' })
  openedAt!: string;

  @ApiProperty({ enum: ESCALATION_STATUSES })
  status!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'How it was resolved (action and its particulars)',
  })
  resolution!: Record<string, unknown> | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  resolvedBy!: string | null;
}
