/** What GET /audit answers, as a response DTO class for the OpenAPI document. */
import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { AuditRecord } from '@dondoc/audit';

/** Any JSON value but null (which `nullable` adds): what a change looked like before or after. */
const JSON_VALUES: SchemaObject[] = [
  { type: 'object', additionalProperties: true },
  { type: 'array', items: {} },
  { type: 'string' },
  { type: 'number' },
  { type: 'boolean' },
];

/** A record of the audit trail; implements the library's record so the two cannot drift apart. */
export class AuditRecordResponse implements AuditRecord {
  @ApiProperty({ description: 'Its place in the chain, from 1' })
  seq!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ description: 'The person (token `sub`), or `system` for the engine' })
  actor!: string;

  @ApiProperty({ type: String, nullable: true, description: "The acting person's unit; null for `system`" })
  unitId!: string | null;

  @ApiProperty({ example: 'task.acknowledge' })
  action!: string;

  @ApiProperty()
  targetType!: string;

  @ApiProperty()
  targetId!: string;

  @ApiProperty({ oneOf: JSON_VALUES, nullable: true })
  before!: AuditRecord['before'];

  @ApiProperty({ oneOf: JSON_VALUES, nullable: true })
  after!: AuditRecord['after'];

  @ApiProperty({ type: String, nullable: true, description: 'The HTTP request that caused it; null for the engine' })
  requestId!: string | null;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  prevHash!: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  hash!: string;
}
