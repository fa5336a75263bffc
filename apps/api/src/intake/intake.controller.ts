import { Body, Controller, HttpCode, Module, Post, Req, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { readDirective, readDocumentFile, type DirectiveDraft } from '@dondoc/intake';
import { CurrentActor, type Actor } from '../actor/actor';
import { FieldErrors } from '../errors/errors';
import { flattenValidationErrors, VALIDATOR_OPTIONS } from '../validation/validation-pipe';
import { CreateDirectiveBody, type DirectiveView } from '../directives/directives.dto';
import { DirectivesModule } from '../directives/directives.module';
import { DirectivesService } from '../directives/directives.service';
import { directiveFromDraft, proposeDirective, type ProposedDirective } from './draft-to-directive';
import { ConfirmDraftBody, ReadDocumentBody } from './intake.dto';
import { Roles } from '../http/access.guard';
import { IntakeFileErrorFilter, IntakeUploadInterceptor } from './intake-upload';

/** Reads công văn into drafts, and turns confirmed drafts into directives. Nothing starts on read. */
@ApiTags('intake')
@Controller('intake')
export class IntakeController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directives: DirectivesService,
  ) {}

  @Roles('clerk')
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Read an official letter into a draft directive (nothing is created)',
    description: 'JSON { text }, or multipart with the file in field "file": text, Markdown, DOCX, PDF (text layer or scan) or PNG/JPEG/TIFF, told apart by content; at most 20 MB and 30 pages.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: { oneOf: [{ type: 'object', properties: { text: { type: 'string' } } }, { type: 'object', properties: { file: { type: 'string', format: 'binary' } } }] } })
  @UseInterceptors(IntakeUploadInterceptor)
  @UseFilters(IntakeFileErrorFilter)
  async read(@Body() body: ReadDocumentBody, @Req() request: Request): Promise<{ draft: DirectiveDraft; proposal: ProposedDirective }> {
    const file = request.file;
    if (!file && typeof body.text !== 'string') {
      throw new FieldErrors([{ field: 'text', problem: 'send the text of the letter as "text", or the letter as a file in the multipart field "file"' }]);
    }
    const units = await this.dataSource.query<{ id: string; name: string; parentId: string | null; level: string }[]>(
      `SELECT id, name, parent_id AS "parentId", level FROM units`,
    );
    const draft = file ? await readDocumentFile(file.buffer, { units, name: file.originalname }) : readDirective(body.text ?? '', { units });
    return { draft, proposal: proposeDirective(draft) };
  }

  @Roles('clerk')
  @Post('confirm')
  @ApiOperation({ summary: 'Create the directive from a confirmed draft, validated exactly as POST /directives' })
  async confirm(@Body() body: ConfirmDraftBody, @CurrentActor() actor: Actor): Promise<DirectiveView> {
    const built = directiveFromDraft(normaliseDraft(body.draft), body);
    if ('problems' in built) throw new FieldErrors(built.problems);
    const directive = plainToInstance(CreateDirectiveBody, built.body);
    const errors = await validate(directive, VALIDATOR_OPTIONS);
    if (errors.length > 0) throw new FieldErrors(flattenValidationErrors(errors, 'directive'));
    return this.directives.create(directive, actor.id);
  }
}

/**
 * An edited draft comes from a client: check the shape the conversion relies on, so a broken
 * edit is a 400 naming the field, never a 500. Lists it does not use may be left out.
 */
function normaliseDraft(draft: DirectiveDraft): DirectiveDraft {
  const problems: { field: string; problem: string }[] = [];
  const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const list = <T>(key: 'sections' | 'addressees' | 'matches'): T[] => {
    const value: unknown = draft[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problems.push({ field: `draft.${key}`, problem: 'must be a list' });
      return [];
    }
    return value as T[];
  };
  const sections = list<DirectiveDraft['sections'][number]>('sections');
  sections.forEach((section, i) => {
    if (typeof section !== 'object' || section === null) return problems.push({ field: `draft.sections[${i}]`, problem: 'must be an object' });
    if (!isStrings(section.units)) problems.push({ field: `draft.sections[${i}].units`, problem: 'must be a list of unit names' });
    if (!isStrings(section.instructions)) problems.push({ field: `draft.sections[${i}].instructions`, problem: 'must be a list of texts' });
    if (section.role !== null && section.role !== undefined && section.role !== 'lead' && section.role !== 'coordinate') {
      problems.push({ field: `draft.sections[${i}].role`, problem: 'must be lead, coordinate or null' });
    }
    return undefined;
  });
  const addressees = list<string>('addressees');
  if (!isStrings(addressees)) problems.push({ field: 'draft.addressees', problem: 'must be a list of names' });
  const matches = list<DirectiveDraft['matches'][number]>('matches');
  matches.forEach((m, i) => {
    if (typeof m !== 'object' || m === null || typeof m.text !== 'string') return problems.push({ field: `draft.matches[${i}].text`, problem: 'must be a text' });
    if (m.unitId !== null && m.unitId !== undefined && typeof m.unitId !== 'string') problems.push({ field: `draft.matches[${i}].unitId`, problem: 'must be a unit id or null' });
    if (m.unitIds !== undefined && !isStrings(m.unitIds)) problems.push({ field: `draft.matches[${i}].unitIds`, problem: 'must be a list of unit ids' });
    return undefined;
  });
  for (const key of ['reference', 'subject', 'issuedOn'] as const) {
    if (draft[key] !== null && draft[key] !== undefined && typeof draft[key] !== 'string') problems.push({ field: `draft.${key}`, problem: 'must be a text or null' });
  }
  if (problems.length > 0) throw new FieldErrors(problems);
  return { ...draft, sections, addressees, matches };
}

@Module({ imports: [DirectivesModule], controllers: [IntakeController] })
export class IntakeModule {}
