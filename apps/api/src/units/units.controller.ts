import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  ImportResultResponse,
  UnitResponse,
  UnitTreeNodeResponse,
  UnitsExportResponse,
  UpsertUnitsResponse,
} from './units.responses';
import type { Response } from 'express';
import type { Page } from '../pagination/pagination';
import { csvRowField, unitsFromCsv, unitsFromJson, unitsToCsv, type UnitRecord } from './units-import';
import { UnitsTreeService, type UnitTreeNode } from './units-tree.service';
import {
  ExportUnitsQuery,
  ListUnitsQuery,
  SubtreeQuery,
  UpdateUnitBody,
  UpsertUnitsBody,
  type UnitView,
} from './units.dto';
import { UnitsEditService } from './units-edit.service';
import { UnitsService, type ImportResult } from './units.service';
import { currentActor } from '../actor/actor';
import { Roles } from '../http/access.guard';
import { ROLES } from '@dondoc/auth';
import { ApiErrors, ApiPage } from '../openapi/responses';
import { CurrentActor, type Actor } from '../actor/actor';
import { ListPeopleQuery, PersonPage, PersonView, RegisterPersonBody, UpdatePersonBody } from '../people/people.dto';
import { PeopleService } from '../people/people.service';

/** Unit ids contain slashes: `*id` arrives as its path segments. */
function unitId(id: string | string[]): string {
  return Array.isArray(id) ? id.join('/') : id;
}

@ApiTags('units')
@Controller('units')
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    private readonly tree: UnitsTreeService,
    private readonly people: PeopleService,
    private readonly edit: UnitsEditService,
  ) {}

  @Roles('admin')
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: UpsertUnitsResponse, description: 'The units as stored' })
  @ApiOperation({ summary: 'Insert or update units of the organisation tree' })
  async upsert(@Body() body: UpsertUnitsBody): Promise<{ items: UnitView[] }> {
    return { items: await this.units.upsert(body.units) };
  }

  @Roles(...ROLES)
  @Get()
  @ApiPage(UnitResponse)
  async list(@Query() query: ListUnitsQuery): Promise<Page<UnitView>> {
    return this.units.list(query, query.limit, query.cursor);
  }

  /**
   * Loads a whole tree, all or nothing: JSON (`{ units: [...] }` or a bare array, as POST /units
   * takes) or CSV with the header `id,name,level,parentId,kind,coordinatingUnitId,escalationGrace,actsForSubUnits`.
   * Either may carry units' contacts (a unit's `contacts` list; a `contacts` column): units-contacts.ts.
   */
  @Roles('admin')
  @Post('import')
  @HttpCode(200)
  @ApiOkResponse({ type: ImportResultResponse, description: 'How many units were read, created and updated' })
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
  @ApiExtraModels(UnitsExportResponse)
  @ApiOkResponse({
    description: 'The tree, as `{ units }` or as CSV',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(UnitsExportResponse) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async export(
    @Res({ passthrough: true }) res: Response,
    @Query() query: ExportUnitsQuery,
  ): Promise<{ units: UnitRecord[] } | string> {
    // Contacts are personal data: only an admin, who may import them, gets them back.
    const units = await this.tree.export(currentActor().roles.includes('admin'));
    if (query.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment('units.csv');
      return unitsToCsv(units);
    }
    return { units };
  }

  /** The unit's people (declared before `*id`, like subtree): for admins, its clerk or head, supervisors of a body over it. */
  @Roles(...ROLES)
  @Get('*id/people')
  @ApiOperation({ summary: 'The people of a unit, by sub' })
  @ApiOkResponse({ type: PersonPage })
  async listPeople(
    @Param('id') id: string | string[],
    @Query() query: ListPeopleQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<PersonView>> {
    return this.people.list(actor, unitId(id), query);
  }

  @Roles('admin')
  @Post('*id/people')
  @ApiOperation({ summary: 'Register a person of the unit ahead of their first sign-in' })
  @ApiCreatedResponse({ type: PersonView })
  async registerPerson(
    @Param('id') id: string | string[],
    @Body() body: RegisterPersonBody,
    @CurrentActor() actor: Actor,
  ): Promise<PersonView> {
    return this.people.register(actor, unitId(id), body);
  }

  @Roles(...ROLES)
  @Get('*id/people/:sub')
  @ApiOperation({ summary: 'One person of a unit, for those who may list its people' })
  @ApiOkResponse({ type: PersonView })
  async getPerson(
    @Param('id') id: string | string[],
    @Param('sub') sub: string,
    @CurrentActor() actor: Actor,
  ): Promise<PersonView> {
    return this.people.get(actor, unitId(id), sub);
  }

  @Roles('admin')
  @Patch('*id/people/:sub')
  @ApiOperation({ summary: 'Deactivate (active: false) or reactivate a person, or correct their name or e-mail' })
  @ApiOkResponse({ type: PersonView })
  async updatePerson(
    @Param('id') id: string | string[],
    @Param('sub') sub: string,
    @Body() body: UpdatePersonBody,
  ): Promise<PersonView> {
    return this.people.update(unitId(id), sub, body);
  }

  /** Declared before `*id`, which would otherwise take `a/b/subtree` as the id. */
  @Roles(...ROLES)
  @Get('*id/subtree')
  @ApiOkResponse({ type: UnitTreeNodeResponse })
  @ApiOperation({ summary: 'A unit and everything below it, nested' })
  async subtree(@Param('id') id: string | string[], @Query() query: SubtreeQuery): Promise<UnitTreeNode> {
    return this.tree.subtree(unitId(id), query.depth);
  }

  @Roles('admin')
  @Patch('*id')
  @ApiOkResponse({ type: UnitResponse, description: 'The unit as stored after the edit' })
  @ApiErrors(
    { status: 404, description: 'No unit has this id' },
    { status: 409, description: 'The unit changed after `expectedUpdatedAt`: read it again' },
  )
  @ApiOperation({
    summary: 'Edit one unit: only the fields given change (null clears an optional one); the id cannot change',
    description:
      'Checked like an import (parent and coordinating body exist, no loop in the tree) and audited as `unit.update`.',
  })
  async update(@Param('id') id: string | string[], @Body() body: UpdateUnitBody): Promise<UnitView> {
    return this.edit.update(unitId(id), body);
  }

  /** Unit ids contain slashes; both `/units/a/b` and `/units/a%2Fb` name unit `a/b`. */
  @Roles(...ROLES)
  @Get('*id')
  @ApiOkResponse({ type: UnitResponse })
  async get(@Param('id') id: string | string[]): Promise<UnitView> {
    return this.units.get(unitId(id));
  }
}
