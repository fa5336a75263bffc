import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseLimit, type Page } from '../common/pagination';
import { queryEnumList } from '../common/query';
import { UNIT_LEVELS, UpsertUnitsBody, type UnitView } from './units.dto';
import { UnitsService } from './units.service';

@ApiTags('units')
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Insert or update units of the organisation tree' })
  async upsert(@Body() body: UpsertUnitsBody): Promise<{ items: UnitView[] }> {
    return { items: await this.units.upsert(body.units) };
  }

  @Get()
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

  /** Unit ids contain slashes; both `/units/a/b` and `/units/a%2Fb` name unit `a/b`. */
  @Get('*id')
  async get(@Param('id') id: string | string[]): Promise<UnitView> {
    return this.units.get(Array.isArray(id) ? id.join('/') : id);
  }
}
