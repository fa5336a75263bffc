import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CascadeTreeResponse, PathStepResponse } from './cascade.responses';
import type { Response } from 'express';
import { CascadeService, type PathStep } from './cascade.service';
import { Roles } from '../http/access.guard';
import { ROLES } from '@dondoc/auth';

/**
 * True when an If-None-Match header names `etag` (weak comparison, RFC 9110 §13.1.2) or is `*`.
 * Not Express's `req.fresh`: it answers "stale" whenever the request says `Cache-Control:
 * no-cache`, which fetch() adds to every request carrying If-None-Match — exactly the polls this
 * is for. That rule is for caches; the origin may always answer a conditional request with 304.
 */
export function namesTag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}

/** Read-only views of a cascade: how far a directive has reached below, and where a task sits. */
@ApiTags('cascade')
@Controller()
export class CascadeController {
  constructor(private readonly cascade: CascadeService) {}

  @Roles(...ROLES)
  @Get('directives/:id/tree')
  @ApiOperation({
    summary: 'The whole cascade below a directive',
    description:
      'Each directive with its tasks, each task with the directives implementing it; counts per directive (its own tasks), ' +
      'per implemented task (itself and everything below) and in `totals` for the whole cascade. ' +
      'On time / late compare the completion with the ORIGINAL deadline; reassigned tasks count in `total` only. ' +
      'Carries an ETag: a poll with If-None-Match answers 304 with no body while the tree is unchanged.',
  })
  @ApiOkResponse({ type: CascadeTreeResponse, description: 'The cascade, with an ETag' })
  @ApiResponse({ status: 304, description: 'Unchanged since the tree whose ETag the request sent in If-None-Match' })
  async tree(
    @Param('id') id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    // Already serialised (and kept while unchanged): requests share one load and one JSON.stringify.
    const tree = await this.cascade.serialisedTree(id);
    // no-cache: a browser may keep the tree but must ask again, sending the tag back.
    response.setHeader('ETag', tree.etag).setHeader('Cache-Control', 'no-cache');
    if (namesTag(ifNoneMatch, tree.etag)) {
      response.status(304).end();
      return;
    }
    response.status(200).type('application/json').send(tree.body);
  }

  @Roles(...ROLES)
  @Get('tasks/:id/path')
  @ApiOperation({ summary: 'The chain from a task up to the root directive: the task first, the root last' })
  @ApiOkResponse({ type: [PathStepResponse], description: 'The steps, each a directive and the task in it' })
  async path(@Param('id') id: string): Promise<PathStep[]> {
    return this.cascade.path(id);
  }
}
