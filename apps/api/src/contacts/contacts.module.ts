import { Module } from '@nestjs/common';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';

/**
 * GET/POST /units/:id/contacts, PATCH/DELETE /units/:id/contacts/:contactId: who a unit wants
 * told by e-mail. Imported before UnitsModule, whose `GET /units/*id` would otherwise answer first.
 */
@Module({ controllers: [ContactsController], providers: [ContactsService], exports: [ContactsService] })
export class ContactsModule {}
