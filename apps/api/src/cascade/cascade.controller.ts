import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CascadeService, type PathStep } from './cascade.service';

/** Read-only views of a cascade: how far a directive has reached below, and where a task sits. */
@ApiTags('cascade')
@Controller()
export class CascadeController {
  constructor(private readonly cascade: CascadeService) {}

  @Get('directives/:id/tree')
  @ApiOperation({
    summary: 'The whole cascade below a directive',
    description:
      'Each directive with its tasks, each task with the directives implementing it; counts per directive (its own tasks), ' +
      'per implemented task (itself and everything below) and in `totals` for the whole cascade. ' +
      'On time / late compare the completion with the ORIGINAL deadline; reassigned tasks count in `total` only.',
  })
  @ApiOkResponse({ description: 'A CascadeTree: { totals, directiveCount, root }' })
  async tree(@Param('id') id: string, @Res() response: Response): Promise<void> {
    // Already serialised: requests that arrive together share one load and one JSON.stringify.
    const tree = await this.cascade.serialisedTree(id);
    response.status(200).type('application/json').setHeader('ETag', tree.etag);
    response.send(tree.body);
  }

  @Get('tasks/:id/path')
  @ApiOperation({ summary: 'The chain from a task up to the root directive: the task first, the root last' })
  async path(@Param('id') id: string): Promise<PathStep[]> {
    return this.cascade.path(id);
  }
}
