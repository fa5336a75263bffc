/**
 * What the cascade endpoints answer, as response DTO classes for the OpenAPI document. The tree
 * is written as JSON text by tree-json.ts (kept while unchanged), so these implement rollup.ts's
 * types, which that text follows, and the integration suite checks the text against them.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DIRECTIVE_STATUSES } from '../directives/directives.dto';
import { TASK_ROLES, TASK_STATUSES, type TaskRole, type TaskStatus } from '@dondoc/domain';
import type { PathStep } from './cascade.service';
import type { CascadeTree, DirectiveNode, RollupCounts, TaskNode } from './rollup';

/** The counts shown per directive, per task subtree and for the whole cascade. */
export class RollupCountsResponse implements RollupCounts {
  @ApiProperty({ description: 'Every task, reassigned ones included' })
  total!: number;

  @ApiProperty({ description: 'Completed by the ORIGINAL deadline' })
  completedOnTime!: number;

  @ApiProperty({ description: 'Completed after the original deadline' })
  completedLate!: number;

  @ApiProperty({ description: 'assigned, acknowledged, in_progress or submitted' })
  open!: number;

  @ApiProperty()
  overdue!: number;

  @ApiProperty({ description: 'Tasks with an escalation open' })
  escalated!: number;

  @ApiProperty()
  waived!: number;

  @ApiProperty()
  cancelled!: number;
}

/** A task in the tree, with the directives that carry it out below. */
export class TaskNodeResponse implements TaskNode {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  unitId!: string;

  @ApiProperty({ enum: TASK_ROLES })
  role!: TaskRole;

  @ApiProperty({ enum: TASK_STATUSES })
  status!: TaskStatus;

  @ApiProperty({ format: 'date-time' })
  dueAt!: string;

  @ApiProperty({ format: 'date-time' })
  originalDueAt!: string;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty()
  escalated!: boolean;

  @ApiPropertyOptional({
    type: RollupCountsResponse,
    description: 'The task and everything below it; present only when a directive implements the task',
  })
  counts?: RollupCountsResponse;

  @ApiProperty({ type: () => [DirectiveNodeResponse] })
  implementedBy!: DirectiveNodeResponse[];
}

/** A directive in the tree; `counts` covers its own tasks only. */
export class DirectiveNodeResponse implements DirectiveNode {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  number!: string;

  @ApiProperty()
  issuerUnitId!: string;

  @ApiProperty({ enum: DIRECTIVE_STATUSES })
  status!: string;

  @ApiProperty({ type: RollupCountsResponse })
  counts!: RollupCountsResponse;

  @ApiProperty({ type: () => [TaskNodeResponse] })
  tasks!: TaskNodeResponse[];
}

/** GET /directives/:id/tree. */
export class CascadeTreeResponse implements CascadeTree {
  @ApiProperty({ type: RollupCountsResponse, description: 'The whole cascade' })
  totals!: RollupCountsResponse;

  @ApiProperty()
  directiveCount!: number;

  @ApiProperty({ type: DirectiveNodeResponse })
  root!: DirectiveNodeResponse;
}

/** The directive of a step up the cascade. */
export class PathDirectiveResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  number!: string;

  @ApiProperty()
  issuerUnitId!: string;
}

/** The task of a step up the cascade. */
export class PathTaskResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  unitId!: string;

  @ApiProperty({ enum: TASK_STATUSES })
  status!: string;
}

/** One step of GET /tasks/:id/path: a directive and the task in it. */
export class PathStepResponse implements PathStep {
  @ApiProperty({ type: PathDirectiveResponse })
  directive!: PathDirectiveResponse;

  @ApiProperty({ type: PathTaskResponse })
  task!: PathTaskResponse;
}
