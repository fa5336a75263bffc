import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { UnitContactEntity, UnitEntity } from '@dondoc/persistence';
import { auditApiChange } from '../audit/record-api-change';
import { ConflictError, NotFoundError } from '../errors/errors';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import { ScopeService } from '../scope/scope.service';
import { isUuid } from '../validation/ids';
import type { ContactRecord } from './contact-rules';
import type { ContactView, CreateContactBody, UpdateContactBody } from './contacts.dto';

/** A contact as the API shows it. */
export function contactView(c: UnitContactEntity): ContactView {
  return {
    id: c.id,
    unitId: c.unitId,
    name: c.name,
    email: c.email,
    topics: c.topics,
    mode: c.mode,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The audit trail's picture of a contact: what it receives and where, without the row's clock fields. */
function audited(c: UnitContactEntity): ContactRecord & { unitId: string } {
  return { unitId: c.unitId, name: c.name, email: c.email, topics: c.topics, mode: c.mode };
}

/** PostgreSQL refused a second contact with the same address in the unit. */
function isDuplicateAddress(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error as { code?: string; constraint?: string }).code === '23505' &&
    (error as { constraint?: string }).constraint === 'ux_unit_contacts_unit_email'
  );
}

/**
 * A unit's e-mail contacts: who the dispatcher tells of its notices. A clerk manages their own
 * unit's, an admin any unit's; to anyone else the unit's contacts read as not existing.
 */
@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  async list(unitId: string, limit: number, cursor?: string): Promise<Page<ContactView>> {
    await this.managedUnit(unitId);
    const qb = keysetPage(
      this.dataSource.getRepository(UnitContactEntity).createQueryBuilder('c'),
      ['c.created_at', 'c.id'],
      'ASC',
      limit,
      cursor,
    ).andWhere('c.unit_id = :unitId', { unitId });
    const rows = await qb.getMany();
    return toPage(rows, limit, (c) => [c.createdAt.toISOString(), c.id], contactView);
  }

  async create(unitId: string, body: CreateContactBody): Promise<ContactView> {
    await this.managedUnit(unitId);
    return this.writing(body.email, async (db) => {
      const contact = await db.getRepository(UnitContactEntity).save({
        unitId,
        name: body.name.trim(),
        email: body.email,
        topics: [...body.topics],
        mode: body.mode ?? 'each',
      });
      await auditApiChange(db, {
        action: 'contacts.create',
        targetType: 'unit_contact',
        targetId: contact.id,
        before: null,
        after: audited(contact),
      });
      return contactView(contact);
    });
  }

  async update(unitId: string, contactId: string, body: UpdateContactBody): Promise<ContactView> {
    await this.managedUnit(unitId);
    return this.writing(body.email, async (db) => {
      const contacts = db.getRepository(UnitContactEntity);
      const before = await this.contactOf(db, unitId, contactId);
      const changed = { ...before };
      if (body.name !== undefined) changed.name = body.name.trim();
      if (body.email !== undefined) changed.email = body.email;
      if (body.topics !== undefined) changed.topics = [...body.topics];
      if (body.mode !== undefined) changed.mode = body.mode;
      const after = await contacts.save(changed);
      await auditApiChange(db, {
        action: 'contacts.update',
        targetType: 'unit_contact',
        targetId: contactId,
        before: audited(before),
        after: audited(after),
      });
      return contactView(after);
    });
  }

  async remove(unitId: string, contactId: string): Promise<void> {
    await this.managedUnit(unitId);
    await this.dataSource.transaction(async (db) => {
      const before = await this.contactOf(db, unitId, contactId);
      await db.getRepository(UnitContactEntity).delete({ id: contactId });
      await auditApiChange(db, {
        action: 'contacts.delete',
        targetType: 'unit_contact',
        targetId: contactId,
        before: audited(before),
        after: null,
      });
    });
  }

  /** The unit, when the caller manages it; otherwise 404 exactly as for a unit that does not exist. */
  private async managedUnit(unitId: string): Promise<void> {
    const scope = await this.scope.current();
    const exists =
      scope.managesUnit(unitId) && (await this.dataSource.getRepository(UnitEntity).existsBy({ id: unitId }));
    if (!exists) throw new NotFoundError('unit', unitId);
  }

  /** The contact of this unit, locked for the change; 404 for another unit's or a malformed id. */
  private async contactOf(db: EntityManager, unitId: string, contactId: string): Promise<UnitContactEntity> {
    const contact = isUuid(contactId)
      ? await db
          .getRepository(UnitContactEntity)
          .findOne({ where: { id: contactId, unitId }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (contact === null) throw new NotFoundError('contact', contactId);
    return contact;
  }

  /** Runs a write in a transaction, answering 409 naming the address when the unit already has it. */
  private async writing<T>(email: string | undefined, write: (db: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(write);
    } catch (error) {
      if (isDuplicateAddress(error))
        throw new ConflictError(`the unit already has a contact with the address ${email ?? ''}`, { field: 'email' });
      throw error;
    }
  }
}
