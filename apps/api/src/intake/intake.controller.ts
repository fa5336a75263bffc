import { Body, Controller, HttpCode, Post, Req, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DirectiveResponse } from '../directives/directives.responses';
import { ReadLetterResponse } from './intake.responses';
import type { Request } from 'express';
import { CurrentActor, type Actor } from '../actor/actor';
import { FieldErrors } from '../errors/errors';
import type { DirectiveView } from '../directives/directives.dto';
import { Roles } from '../http/access.guard';
import { ConfirmDraftBody, ReadDocumentBody } from './intake.dto';
import { IntakeFileErrorFilter, IntakeUploadInterceptor } from './intake-upload';
import { IntakeService, type ReadLetter } from './intake.service';

/** Reads công văn into drafts, and turns confirmed drafts into directives. Nothing starts on read. */
@ApiTags('intake')
@Controller('intake')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Roles('clerk')
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: ReadLetterResponse, description: 'The draft as read, and the directive it proposes' })
  @ApiOperation({
    summary: 'Read an official letter into a draft directive (nothing is created)',
    description:
      'JSON { text }, or multipart with the file in field "file": text, Markdown, DOCX, PDF (text layer or scan) or PNG/JPEG/TIFF, told apart by content; at most 20 MB and 30 pages.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', properties: { text: { type: 'string' } } },
        { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
      ],
    },
  })
  @UseInterceptors(IntakeUploadInterceptor)
  @UseFilters(IntakeFileErrorFilter)
  async read(@Body() body: ReadDocumentBody, @Req() request: Request): Promise<ReadLetter> {
    const file = request.file;
    if (file) return this.intake.read({ file: file.buffer, name: file.originalname });
    if (typeof body.text !== 'string') {
      throw new FieldErrors([
        {
          field: 'text',
          problem: 'send the text of the letter as "text", or the letter as a file in the multipart field "file"',
        },
      ]);
    }
    return this.intake.read({ text: body.text });
  }

  @Roles('clerk')
  @Post('confirm')
  @ApiCreatedResponse({ type: DirectiveResponse, description: 'The directive; its tasks fan out after the answer' })
  @ApiOperation({ summary: 'Create the directive from a confirmed draft, validated exactly as POST /directives' })
  async confirm(@Body() body: ConfirmDraftBody, @CurrentActor() actor: Actor): Promise<DirectiveView> {
    return this.intake.confirm(body, actor.id);
  }
}
