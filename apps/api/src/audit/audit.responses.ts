/** What GET /audit answers, as a response DTO class for the OpenAPI document. */
import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { AuditRecord, ChainBreakReason } from '@dondoc/audit';

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

/** The first record that does not verify. */
export class AuditChainBreakResponse {
  @ApiProperty({ description: 'The record' })
  seq!: number;

  @ApiProperty({ enum: ['content-changed', 'link-broken', 'sequence-gap'] })
  reason!: ChainBreakReason;

  @ApiProperty({ description: 'What is wrong with it, for an operator (English)' })
  message!: string;
}

/** GET /audit/verification: the result of checking one segment of the chain. */
export class AuditVerificationResponse {
  @ApiProperty({ description: 'No record of the segment failed the check' })
  intact!: boolean;

  @ApiProperty({ description: 'Records found intact' })
  checked!: number;

  @ApiProperty({ description: 'The record the check started after (0: the start of the chain)' })
  afterSeq!: number;

  @ApiProperty({ description: 'The last record found intact (`afterSeq` when none was)' })
  lastSeq!: number;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'The hash of `lastSeq`; publishing it guards the tail' })
  lastHash!: string;

  @ApiProperty({
    description: 'True when the check reached the end of the chain or a break; false when it stopped at `limit`',
  })
  complete!: boolean;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The `afterSeq` that checks the next segment; null when complete',
  })
  nextAfterSeq!: number | null;

  @ApiProperty({
    type: AuditChainBreakResponse,
    nullable: true,
    description: 'The first broken record; null when intact',
  })
  broken!: AuditChainBreakResponse | null;
}
