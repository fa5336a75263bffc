/**
 * What the unit endpoints answer, as response DTO classes for the OpenAPI document; each
 * implements the shape the service builds, so the two cannot drift apart unnoticed.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONTACT_MODES, type ContactMode, type ContactTopicChoice } from '@dondoc/persistence';
import { CONTACT_TOPIC_CHOICES, type ContactRecord } from '../contacts/contact-rules';
import { UNIT_LEVELS, type UnitView } from './units.dto';
import type { UnitRecord } from './units-import';
import type { UnitTreeNode } from './units-tree.service';
import type { ImportResult } from './units.service';

/** A unit as export writes it and import reads it. */
export class UnitRecordResponse implements UnitRecord {
  @ApiProperty({ example: 'bac-kan-city/ubnd' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: UNIT_LEVELS })
  level!: string;

  @ApiProperty({ type: String, nullable: true })
  parentId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  kind!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The body its escalations go to; null: the nearest ancestor’s',
  })
  coordinatingUnitId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'ISO-8601 duration an escalation waits here; null: the default',
  })
  escalationGrace!: string | null;

  @ApiProperty({ description: 'Its officers act for every unit below it' })
  actsForSubUnits!: boolean;
}

/** A unit as the API shows it. */
export class UnitResponse extends UnitRecordResponse implements UnitView {
  @ApiProperty({ type: String, nullable: true, description: 'The body that actually receives escalations' })
  effectiveCoordinatingUnitId!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** What POST /units answers: the units as stored. */
export class UpsertUnitsResponse {
  @ApiProperty({ type: [UnitResponse] })
  items!: UnitResponse[];
}

/** A unit's contact as the export writes it and the import reads it. */
export class ContactRecordResponse implements ContactRecord {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ type: [String], enum: CONTACT_TOPIC_CHOICES })
  topics!: ContactTopicChoice[];

  @ApiProperty({ enum: CONTACT_MODES })
  mode!: ContactMode;
}

/** A unit of the export: its contacts are there only in an admin's export (personal data). */
export class UnitExportRecordResponse extends UnitRecordResponse {
  @ApiPropertyOptional({ type: [ContactRecordResponse], description: "Only in an admin's export" })
  contacts?: ContactRecordResponse[];
}

/** What GET /units/export answers as JSON: the tree, parents before children. */
export class UnitsExportResponse {
  @ApiProperty({ type: [UnitExportRecordResponse] })
  units!: UnitExportRecordResponse[];
}

/** What an import did. */
export class ImportResultResponse implements ImportResult {
  @ApiProperty()
  imported!: number;

  @ApiProperty()
  created!: number;

  @ApiProperty()
  updated!: number;

  @ApiPropertyOptional({ description: "Contacts written, when the file gave units' contacts" })
  contacts?: number;
}

/** A unit with everything below it. */
export class UnitTreeNodeResponse implements UnitTreeNode {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: UNIT_LEVELS })
  level!: string;

  @ApiProperty({ type: String, nullable: true })
  kind!: string | null;

  @ApiProperty({ type: String, nullable: true })
  coordinatingUnitId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  effectiveCoordinatingUnitId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  escalationGrace!: string | null;

  @ApiProperty()
  actsForSubUnits!: boolean;

  @ApiProperty({ type: () => [UnitTreeNodeResponse] })
  children!: UnitTreeNodeResponse[];
}
