import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Page } from '../pagination/pagination';
import { Roles } from '../http/access.guard';
import { ContactPage, ContactView, CreateContactBody, ListContactsQuery, UpdateContactBody } from './contacts.dto';
import { ContactsService } from './contacts.service';

/** Unit ids contain slashes: `*id` arrives as its path segments. */
function unitId(id: string | string[]): string {
  return Array.isArray(id) ? id.join('/') : id;
}

/**
 * A unit's e-mail contacts, under the unit's path. Its routes must be registered before
 * UnitsController's `GET *id`, which would take `a/b/contacts` as a unit id: ContactsModule comes
 * before UnitsModule in AppModule.
 */
@ApiTags('contacts')
@Controller('units')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Roles('clerk', 'admin')
  @Get('*id/contacts')
  @ApiOkResponse({ type: ContactPage })
  async list(@Param('id') id: string | string[], @Query() query: ListContactsQuery): Promise<Page<ContactView>> {
    return this.contacts.list(unitId(id), query.limit, query.cursor);
  }

  @Roles('clerk', 'admin')
  @Post('*id/contacts')
  @ApiCreatedResponse({ type: ContactView })
  async create(@Param('id') id: string | string[], @Body() body: CreateContactBody): Promise<ContactView> {
    return this.contacts.create(unitId(id), body);
  }

  @Roles('clerk', 'admin')
  @Patch('*id/contacts/:contactId')
  @ApiOkResponse({ type: ContactView })
  async update(
    @Param('id') id: string | string[],
    @Param('contactId') contactId: string,
    @Body() body: UpdateContactBody,
  ): Promise<ContactView> {
    return this.contacts.update(unitId(id), contactId, body);
  }

  @Roles('clerk', 'admin')
  @Delete('*id/contacts/:contactId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The contact is removed' })
  async remove(@Param('id') id: string | string[], @Param('contactId') contactId: string): Promise<void> {
    await this.contacts.remove(unitId(id), contactId);
  }
}
