import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { DATE_TIME_TYPE } from '../validation/type-messages';
import { WithinDeadlineHorizon } from '../validation/limits';
import type { DirectiveDraft } from '@dondoc/intake';
import type { ReminderPolicy } from '@dondoc/domain';

/** JSON body of POST /intake; a multipart body carries a file instead (its fields are ignored). */
export class ReadDocumentBody {
  @ApiPropertyOptional({ description: 'Plain or markdown text of the official letter (or send a multipart "file")' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500_000)
  text?: string;
}

export class ConfirmDraftBody {
  @ApiProperty({ description: 'The draft from POST /intake, possibly edited (fix matches, reference, dates)' })
  @IsObject()
  draft!: DirectiveDraft;

  @ApiProperty({ description: "The issuing unit (the clerk's own)" })
  @IsString()
  @MinLength(1)
  issuerUnitId!: string;

  @ApiPropertyOptional({ description: 'Deadline for every assignment without its own' })
  @IsOptional()
  @IsString({ message: DATE_TIME_TYPE })
  @WithinDeadlineHorizon()
  dueAt?: string;

  @ApiPropertyOptional({ description: 'Deadlines by unit id' })
  @IsOptional()
  @IsObject()
  dueAtByUnit?: Record<string, string>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  coordinatingUnitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID: the id of a directive' })
  parentDirectiveId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  reviewRequired?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  reminderPolicy?: Partial<ReminderPolicy>;
}
