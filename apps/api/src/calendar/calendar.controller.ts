import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalendarEditResponse, CalendarYearResponse } from './calendar.responses';
import { ROLES } from '@dondoc/auth';
import { CurrentActor, type Actor } from '../actor/actor';
import { Roles } from '../http/access.guard';
import { PutCalendarDayBody, type CalendarEditView, type CalendarYearView } from './calendar.dto';
import { CalendarService } from './calendar.service';

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Roles(...ROLES)
  @Get(':year')
  @ApiOkResponse({ type: CalendarYearResponse })
  @ApiOperation({
    summary: 'Every day off and every weekend day worked in a year, with why; computed holidays are marked computed',
  })
  async year(@Param('year') year: string): Promise<CalendarYearView> {
    return this.calendar.year(year);
  }

  @Roles('admin')
  @Put(':year/days/:date')
  @HttpCode(200)
  @ApiOkResponse({ type: CalendarEditResponse, description: 'The day as stored, and what is re-planned' })
  @ApiOperation({
    summary:
      'Store an announced day off or working day; open tasks due on a new day off are re-planned after the answer',
  })
  async put(
    @Param('year') year: string,
    @Param('date') date: string,
    @Body() body: PutCalendarDayBody,
    @CurrentActor() actor: Actor,
  ): Promise<CalendarEditView> {
    return this.calendar.put(year, date, body, actor.id);
  }

  @Roles('admin')
  @Delete(':year/days/:date')
  @ApiOkResponse({ type: CalendarEditResponse, description: 'The day removed (null), and what is re-planned' })
  @ApiOperation({ summary: 'Remove an announced day: the day follows the statutory rules again' })
  async remove(
    @Param('year') year: string,
    @Param('date') date: string,
    @CurrentActor() actor: Actor,
  ): Promise<CalendarEditView> {
    return this.calendar.remove(year, date, actor.id);
  }
}
