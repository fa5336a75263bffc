import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One attached file as the API shows it: what it is, who attached it, whether a submission froze it. */
export class AttachmentView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ description: 'Hex SHA-256 of the content: a download can be checked against it' })
  sha256!: string;

  @ApiProperty({ description: 'Bytes' })
  size!: number;

  @ApiProperty({ description: 'The type told by the content (PDF, DOCX, XLSX, ODT, PNG, JPEG or ZIP)' })
  contentType!: string;

  @ApiProperty({ description: 'The name the file had when it was attached' })
  fileName!: string;

  @ApiProperty()
  uploadedBy!: string;

  @ApiProperty()
  uploadedByUnitId!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When a submission named it; from then on it cannot be deleted',
  })
  submittedAt!: string | null;

  @ApiProperty({ description: 'GET this path to download the file' })
  downloadPath!: string;
}

/** The task's attachments, oldest first (a task has few: no pagination). */
export class AttachmentListView {
  @ApiProperty({ type: [AttachmentView] })
  items!: AttachmentView[];
}

/** The multipart body of an upload, for the OpenAPI document. */
export class AttachmentUploadBody {
  @ApiProperty({ type: 'string', format: 'binary', description: 'One file: PDF, DOCX, XLSX, ODT, PNG, JPEG or ZIP' })
  file!: unknown;
}
