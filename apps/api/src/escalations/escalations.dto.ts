import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { DATE_TIME_TYPE } from '../validation/type-messages';
import { WithinDeadlineHorizon } from '../validation/limits';
import { ESCALATION_ACTIONS, type EscalationAction } from '@dondoc/domain';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { EnumListFilter, IdFilter, PageCursor, PageLimit, TextFilter } from '../validation/query-filters';

export const ESCALATION_STATUSES = ['open', 'resolved', 'closed'] as const;

export class ResolveEscalationBody {
  @ApiProperty({ enum: ESCALATION_ACTIONS })
  @IsIn(ESCALATION_ACTIONS, { message: `must be one of: ${ESCALATION_ACTIONS.join(', ')}` })
  action!: EscalationAction;

  @ApiPropertyOptional({ description: 'New deadline: required for extend; for reassign, defaults to the current one' })
  @IsOptional()
  @IsString({ message: DATE_TIME_TYPE })
  @WithinDeadlineHorizon()
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

/** One body an escalation reached; level 1 is the coordinating body of the issuing level. */
export interface EscalationLevelView {
  level: number;
  coordinatingUnitId: string;
  openedAt: string;
}

/** An escalation as the API shows it. */
export interface EscalationView {
  id: string;
  taskId: string;
  directiveId: string;
  unitId: string;
  /** The body it went to first (level 1). */
  coordinatingUnitId: string;
  /** The level it has climbed to, and the body holding it there. */
  level: number;
  currentCoordinatingUnitId: string;
  /** Every body it has reached, level 1 first; any of them may resolve it. */
  levels: EscalationLevelView[];
  openedAt: string;
  status: string;
  resolution: Record<string, unknown> | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

/** The query of GET /escalations. */
export class ListEscalationsQuery {
  @TextFilter({ description: 'Escalations that have reached this body, at any level' })
  coordinatingUnitId?: string;

  @TextFilter({ description: 'Escalations this body holds now' })
  currentCoordinatingUnitId?: string;

  @EnumListFilter(ESCALATION_STATUSES)
  status?: (typeof ESCALATION_STATUSES)[number][];

  @IdFilter('task')
  taskId?: string;

  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}
