import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { readDirective, readDocumentFile, type DirectiveDraft } from '@dondoc/intake';
import { FieldErrors } from '../errors/errors';
import { flattenValidationErrors, VALIDATOR_OPTIONS } from '../validation/validation-pipe';
import { CreateDirectiveBody, type DirectiveView } from '../directives/directives.dto';
import { DirectivesService } from '../directives/directives.service';
import { normaliseDraft } from './draft-shape';
import { directiveFromDraft, proposeDirective, type ProposedDirective } from './draft-to-directive';
import type { ConfirmDraftBody } from './intake.dto';

/** A letter to read: its text, or an uploaded file. */
export type LetterSource = { text: string } | { file: Buffer; name: string };

/** What POST /intake answers: the draft as read, and the directive it proposes. */
export interface ReadLetter {
  draft: DirectiveDraft;
  proposal: ProposedDirective;
}

/** Reads công văn into drafts, and turns confirmed drafts into directives. Nothing starts on read. */
@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directives: DirectivesService,
  ) {}

  /** Reads a letter into a draft, matching the units it names against the whole tree. */
  async read(letter: LetterSource): Promise<ReadLetter> {
    const units = await this.dataSource.query<{ id: string; name: string; parentId: string | null; level: string }[]>(
      `SELECT id, name, parent_id AS "parentId", level FROM units`,
    );
    const draft =
      'file' in letter
        ? await readDocumentFile(letter.file, { units, name: letter.name })
        : readDirective(letter.text, { units });
    return { draft, proposal: proposeDirective(draft) };
  }

  /** Creates the directive from a confirmed draft, validated exactly as POST /directives (fields named under `directive.`). */
  async confirm(body: ConfirmDraftBody, actor: string): Promise<DirectiveView> {
    const built = directiveFromDraft(normaliseDraft(body.draft), body);
    if ('problems' in built) throw new FieldErrors(built.problems);
    const directive = plainToInstance(CreateDirectiveBody, built.body);
    const errors = await validate(directive, VALIDATOR_OPTIONS);
    if (errors.length > 0) throw new FieldErrors(flattenValidationErrors(errors, 'directive'));
    return this.directives.create(directive, actor);
  }
}
