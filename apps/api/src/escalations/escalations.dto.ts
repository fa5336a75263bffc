import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export const ESCALATION_ACTIONS = ['extend', 'reassign', 'waive', 'remind'] as const;
export const ESCALATION_STATUSES = ['open', 'resolved', 'closed'] as const;

export class ResolveEscalationBody {
  @ApiProperty({ enum: ESCALATION_ACTIONS })
  @IsIn(ESCALATION_ACTIONS, { message: `must be one of ${ESCALATION_ACTIONS.join(', ')}` })
  action!: (typeof ESCALATION_ACTIONS)[number];

  @ApiPropertyOptional({ description: 'New deadline: required for extend; for reassign, defaults to the current one' })
  @IsOptional()
  @IsString()
  dueAt?: string;

  @ApiPropertyOptional({ description: 'Unit that takes over the task: required for reassign' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  toUnitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5_000)
  note?: string;
}

/** An escalation as the API shows it. */
export interface EscalationView {
  id: string;
  taskId: string;
  directiveId: string;
  unitId: string;
  coordinatingUnitId: string;
  openedAt: string;
  status: string;
  resolution: Record<string, unknown> | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
}
