import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { FieldErrors } from '../errors/errors';
import { parseLimit, type Page } from '../pagination/pagination';
import { queryEnumList } from '../validation/query';
import { csvRowField, unitsFromCsv, unitsFromJson, unitsToCsv, type UnitRecord } from './units-import';
import { UnitsTreeService, type UnitTreeNode } from './units-tree.service';
import { UNIT_LEVELS, UpsertUnitsBody, type UnitView } from './units.dto';
import { UnitsService, type ImportResult } from './units.service';
import { Roles } from '../http/access.guard';
import { ROLES } from '@dondoc/auth';
import { ApiPage } from '../openapi/responses';

const EXPORT_FORMATS = ['json', 'csv'] as const;

/** Unit ids contain slashes: `*id` arrives as its path segments. */
function unitId(id: string | string[]): string {
  return Array.isArray(id) ? id.join('/') : id;
}

/** The optional `depth` of a subtree: a whole number of levels below the unit. */
function parseDepth(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 256) throw new FieldErrors([{ field: 'depth', problem: 'must be a whole number from 0 to 256' }]);
  return value;
}

@ApiTags('units')
@Controller('units')
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    private readonly tree: UnitsTreeService,
  ) {}

  @Roles('admin')
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Insert or update units of the organisation tree' })
  async upsert(@Body() body: UpsertUnitsBody): Promise<{ items: UnitView[] }> {
    return { items: await this.units.upsert(body.units) };
  }

  @Roles(...ROLES)
  @Get()
  @ApiPage()
  @ApiQuery({ name: 'parentId', required: false })
  @ApiQuery({ name: 'level', required: false, enum: UNIT_LEVELS })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async list(
    @Query('parentId') parentId?: string,
    @Query('level') level?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ): Promise<Page<UnitView>> {
    const levels = queryEnumList('level', level, UNIT_LEVELS);
    return this.units.list({ ...(parentId ? { parentId } : {}), ...(levels ? { level: levels } : {}) }, parseLimit(limit), cursor);
  }

  /**
   * Loads a whole tree, all or nothing: JSON (`{ units: [...] }` or a bare array, as POST /units
   * takes) or CSV with the header `id,name,level,parentId,kind,coordinatingUnitId,escalationGrace,actsForSubUnits`.
   */
  @Roles('admin')
  @Post('import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import units from JSON or CSV; every row is checked before any is written' })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ schema: { oneOf: [{ type: 'object' }, { type: 'array' }, { type: 'string' }] } })
  async import(@Body() body: unknown, @Headers('content-type') contentType?: string): Promise<ImportResult> {
    const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'text/csv') return this.units.import(unitsFromCsv(typeof body === 'string' ? body : ''), csvRowField);
    if (type === 'application/json') return this.units.import(unitsFromJson(body));
    throw new UnsupportedMediaTypeException('send application/json or text/csv');
  }

  /** The whole tree, parents before children; the answer imports back to the same tree. */
  @Roles(...ROLES)
  @Get('export')
  @ApiQuery({ name: 'format', required: false, enum: EXPORT_FORMATS })
  @ApiOkResponse({ description: 'The tree, as `{ units }` or as CSV', content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } } })
  async export(@Res({ passthrough: true }) res: Response, @Query('format') format?: string): Promise<{ units: UnitRecord[] } | string> {
    const chosen = format === undefined || format === '' ? 'json' : format;
    if (!(EXPORT_FORMATS as readonly string[]).includes(chosen)) throw new FieldErrors([{ field: 'format', problem: `must be one of ${EXPORT_FORMATS.join(', ')}` }]);
    const units = await this.tree.export();
    if (chosen === 'csv') {
      res.type('text/csv; charset=utf-8').attachment('units.csv');
      return unitsToCsv(units);
    }
    return { units };
  }

  /** Declared before `*id`, which would otherwise take `a/b/subtree` as the id. */
  @Roles(...ROLES)
  @Get('*id/subtree')
  @ApiOperation({ summary: 'A unit and everything below it, nested' })
  @ApiQuery({ name: 'depth', required: false, description: 'Levels below the unit to include (all when absent)' })
  async subtree(@Param('id') id: string | string[], @Query('depth') depth?: string): Promise<UnitTreeNode> {
    return this.tree.subtree(unitId(id), parseDepth(depth));
  }

  /** Unit ids contain slashes; both `/units/a/b` and `/units/a%2Fb` name unit `a/b`. */
  @Roles(...ROLES)
  @Get('*id')
  async get(@Param('id') id: string | string[]): Promise<UnitView> {
    return this.units.get(unitId(id));
  }
}
