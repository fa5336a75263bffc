import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { DEFAULT_ESCALATION_GRACE, validateEscalationGrace } from '@dondoc/domain';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { EnumListFilter, PageCursor, PageLimit, TextFilter, WholeNumberFilter } from '../validation/query-filters';

/** Levels of the organisation tree; a tree may skip any of them (the 2025 reform removed districts). */
export const UNIT_LEVELS = ['central', 'province', 'district', 'commune', 'agency'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** A unit id: lower-case words joined by `-`, `_`, `.` or `/`, e.g. `bac-kan-city/ubnd`. */
export const UNIT_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** An ISO-8601 duration that moves time forward (P2D, PT36H). */
function IsGracePeriod(): PropertyDecorator {
  return ValidateBy({
    name: 'isGracePeriod',
    validator: {
      validate: (value: unknown) => {
        try {
          return typeof value === 'string' && validateEscalationGrace('escalationGrace', value) === value;
        } catch {
          return false;
        }
      },
      defaultMessage: () => 'must be an ISO-8601 duration longer than zero, such as P2D or PT36H',
    },
  });
}

export class UnitInput {
  @ApiProperty({ example: 'bac-kan-city/ubnd' })
  @IsString()
  @MaxLength(200)
  @Matches(UNIT_ID_PATTERN, { message: 'must be lower-case letters, digits, . _ - separated by /' })
  id!: string;

  @ApiProperty({ example: 'Ủy ban nhân dân thành phố Bắc Kạn' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  name!: string;

  @ApiProperty({ enum: UNIT_LEVELS })
  @IsIn(UNIT_LEVELS, { message: `must be one of: ${UNIT_LEVELS.join(', ')}` })
  level!: UnitLevel;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  parentId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'people-committee' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  kind?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Receives escalations of directives this unit issues; inherited from the parent when unset.',
  })
  @IsOptional()
  @IsString()
  coordinatingUnitId?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'P2D',
    description: `How long an escalation may wait at this body, as a coordinating body, before it climbs to the next level up (ISO-8601; ${DEFAULT_ESCALATION_GRACE} when unset).`,
  })
  @IsOptional()
  @IsGracePeriod()
  escalationGrace?: string | null;

  @ApiPropertyOptional({
    description: "Its officers act for every unit below it: they read and act on those units' tasks (default false).",
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  actsForSubUnits?: boolean;
}

export class UpsertUnitsBody {
  @ApiProperty({ type: [UnitInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => UnitInput)
  units!: UnitInput[];
}

/** A unit as the API shows it. */
export interface UnitView {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  kind: string | null;
  coordinatingUnitId: string | null;
  /** The body that actually receives escalations: this unit's, or the nearest ancestor's. */
  effectiveCoordinatingUnitId: string | null;
  /** How long an escalation waits at this body before climbing; null: the default. */
  escalationGrace: string | null;
  /** Its officers act for every unit below it. */
  actsForSubUnits: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The query of GET /units. */
export class ListUnitsQuery {
  @TextFilter()
  parentId?: string;

  @EnumListFilter(UNIT_LEVELS)
  level?: UnitLevel[];

  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}

/** The formats GET /units/export writes. */
export const EXPORT_FORMATS = ['json', 'csv'] as const;

/** The query of GET /units/export: JSON unless CSV is asked for. */
export class ExportUnitsQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: `must be one of ${EXPORT_FORMATS.join(', ')}` })
  format: (typeof EXPORT_FORMATS)[number] = 'json';
}

/** The query of GET /units/:id/subtree. */
export class SubtreeQuery {
  /** Levels below the unit; undefined: all of them. */
  @WholeNumberFilter(0, 256, undefined, { description: 'Levels below the unit to include (all when absent)' })
  depth?: number;
}

/** How a batch names the field of its i-th unit: `units[3].parentId` in JSON, `rows[4].parentId` in CSV. */
export type UnitFieldNamer = (index: number, field: string) => string;

/**
 * The body of PATCH /units/:id: the fields of a unit that change, the rest kept. Its id cannot
 * change (tasks and people name it). `expectedUpdatedAt`, the `updatedAt` the editor read, turns
 * an edit made on a stale copy into a 409 instead of silently overwriting someone else's.
 */
export class UpdateUnitBody extends PartialType(OmitType(UnitInput, ['id'] as const)) {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'The unit’s `updatedAt` as the editor read it; a unit changed since answers 409',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 instant, such as 2026-12-06T10:00:00.000Z' })
  expectedUpdatedAt?: string;
}
