/**
 * What POST /intake answers, as response DTO classes for the OpenAPI document: the reader's
 * draft (libs/intake's types, which each class implements) and the directive it proposes.
 */
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type {
  CitedDocument,
  DirectiveDraft,
  DirectiveSection,
  DocumentFormat,
  FieldConfidence,
  FileFacts,
  Issuer,
  Recipient,
  RecipientRole,
  SectionRole,
  Signature,
  UnitMatch,
} from '@dondoc/intake';
import type { ProposedDirective } from './draft-to-directive';
import type { ReadLetter } from './intake.service';

const SECTION_ROLES: SectionRole[] = ['lead', 'coordinate'];
const RECIPIENT_ROLES: RecipientRole[] = ['implement', 'report', 'coordinate', 'inform', 'as_above', 'archive'];
const FILE_KINDS: FileFacts['kind'][] = ['text', 'docx', 'pdf', 'png', 'jpeg', 'tiff'];
const NULLABLE_STRING = { type: String, nullable: true } as const;

/** The body that issued the letter, from its header. */
export class IssuerResponse implements Issuer {
  @ApiProperty(NULLABLE_STRING)
  name!: string | null;

  @ApiProperty({ ...NULLABLE_STRING, description: 'The body printed above the issuer' })
  parent!: string | null;
}

/** Another document the letter cites. */
export class CitedDocumentResponse implements CitedDocument {
  @ApiProperty({ example: '335-CV/TU' })
  reference!: string;

  @ApiProperty({ ...NULLABLE_STRING, format: 'date' })
  issuedOn!: string | null;

  @ApiProperty(NULLABLE_STRING)
  issuer!: string | null;

  @ApiProperty({ ...NULLABLE_STRING, description: 'How it is cited: "thực hiện", "căn cứ", …' })
  verb!: string | null;
}

/** A numbered part of the letter's body. */
export class DirectiveSectionResponse implements DirectiveSection {
  @ApiProperty({ example: '1.2' })
  number!: string;

  @ApiProperty(NULLABLE_STRING)
  parentNumber!: string | null;

  @ApiProperty(NULLABLE_STRING)
  heading!: string | null;

  @ApiProperty({ type: [String], description: 'Units addressed, as printed' })
  units!: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'string', nullable: true },
    description: 'For each unit, the addressee it stands for',
  })
  addressedAs!: (string | null)[];

  @ApiProperty({ type: [String] })
  instructions!: string[];

  @ApiProperty({ type: String, enum: SECTION_ROLES, nullable: true })
  role!: SectionRole | null;
}

/** One entry of "Nơi nhận". */
export class RecipientResponse implements Recipient {
  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, enum: RECIPIENT_ROLES, nullable: true })
  role!: RecipientRole | null;
}

/** The signature block. */
export class SignatureResponse implements Signature {
  @ApiProperty(NULLABLE_STRING)
  authority!: string | null;

  @ApiProperty(NULLABLE_STRING)
  title!: string | null;

  @ApiProperty(NULLABLE_STRING)
  name!: string | null;
}

/** A name from the letter matched against the organisation tree. */
export class UnitMatchResponse implements UnitMatch {
  @ApiProperty()
  text!: string;

  @ApiProperty({ ...NULLABLE_STRING, description: 'The one unit the name stands for' })
  unitId!: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Plausible units when the name is ambiguous or only close' })
  candidates?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Every unit a group name covers' })
  unitIds?: string[];
}

/** How sure the reader is of one field. */
export class FieldConfidenceResponse implements FieldConfidence {
  @ApiProperty({ minimum: 0, maximum: 1 })
  confidence!: number;

  @ApiPropertyOptional({ type: [String], description: 'OCR only: words Tesseract was unsure of' })
  uncertainWords?: string[];
}

/** The file a draft was read from. */
export class FileFactsResponse implements FileFacts {
  @ApiProperty({ enum: FILE_KINDS })
  kind!: FileFacts['kind'];

  @ApiProperty()
  pages!: number;

  @ApiProperty({ type: [Number], description: 'Pages read by OCR (1-based)' })
  ocrPages!: number[];

  @ApiProperty()
  ocrSeconds!: number;
}

/** The reader's draft: every field a best effort; `warnings` says what it could not read. */
@ApiExtraModels(FieldConfidenceResponse)
export class DirectiveDraftResponse implements DirectiveDraft {
  @ApiProperty({ type: String, enum: ['state', 'party'], nullable: true })
  format!: DocumentFormat | null;

  @ApiProperty({ ...NULLABLE_STRING, description: 'Digits only' })
  number!: string | null;

  @ApiProperty(NULLABLE_STRING)
  reference!: string | null;

  @ApiProperty({ ...NULLABLE_STRING, description: 'CV, CT, KH, TB, HD, …' })
  type!: string | null;

  @ApiProperty({ type: IssuerResponse })
  issuer!: IssuerResponse;

  @ApiProperty(NULLABLE_STRING)
  place!: string | null;

  @ApiProperty({ ...NULLABLE_STRING, format: 'date' })
  issuedOn!: string | null;

  @ApiProperty(NULLABLE_STRING)
  subject!: string | null;

  @ApiProperty({ type: [String] })
  addressees!: string[];

  @ApiProperty({ type: [CitedDocumentResponse] })
  references!: CitedDocumentResponse[];

  @ApiProperty({ type: CitedDocumentResponse, nullable: true, description: 'The document this one implements' })
  parent!: CitedDocumentResponse | null;

  @ApiProperty({ type: [DirectiveSectionResponse] })
  sections!: DirectiveSectionResponse[];

  @ApiProperty(NULLABLE_STRING)
  closing!: string | null;

  @ApiProperty({ type: [RecipientResponse] })
  recipients!: RecipientResponse[];

  @ApiProperty({ type: SignatureResponse, nullable: true })
  signature!: SignatureResponse | null;

  @ApiProperty({ type: [String] })
  notes!: string[];

  @ApiProperty({ type: [UnitMatchResponse] })
  matches!: UnitMatchResponse[];

  @ApiProperty({ type: [String] })
  warnings!: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(FieldConfidenceResponse) },
    description: 'How sure the reader is of each field, by field name (read from a file)',
  })
  confidence?: Record<string, FieldConfidenceResponse>;

  @ApiPropertyOptional({ type: FileFactsResponse, description: 'What the draft was read from, for a file' })
  file?: FileFactsResponse;
}

/** An assignment the draft proposes. */
export class ProposedAssignmentResponse {
  @ApiProperty()
  unitId!: string;

  @ApiProperty({ enum: SECTION_ROLES })
  role!: SectionRole;

  @ApiProperty()
  instructions!: string;
}

/** A name the reader could not match to a unit. */
export class UnmatchedNameResponse {
  @ApiProperty({ description: 'Where in the draft, e.g. `sections[0].units[1]`' })
  field!: string;

  @ApiProperty()
  text!: string;
}

/** The directive a draft proposes. */
export class ProposedDirectiveResponse implements ProposedDirective {
  @ApiProperty(NULLABLE_STRING)
  number!: string | null;

  @ApiProperty(NULLABLE_STRING)
  subject!: string | null;

  @ApiProperty({ ...NULLABLE_STRING, format: 'date', description: 'The letter’s date' })
  issuedAt!: string | null;

  @ApiProperty()
  body!: string;

  @ApiProperty({ type: [ProposedAssignmentResponse] })
  assignments!: ProposedAssignmentResponse[];

  @ApiProperty({ type: [UnmatchedNameResponse], description: 'Each must be matched before confirming' })
  unmatched!: UnmatchedNameResponse[];
}

/** POST /intake: the draft as read, and the directive it proposes. */
export class ReadLetterResponse implements ReadLetter {
  @ApiProperty({ type: DirectiveDraftResponse })
  draft!: DirectiveDraftResponse;

  @ApiProperty({ type: ProposedDirectiveResponse })
  proposal!: ProposedDirectiveResponse;
}
