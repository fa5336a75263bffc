import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@dondoc/auth';
import { PersonEntity, UnitEntity } from '@dondoc/persistence';
import type { Actor } from '../actor/actor';
import { auditApiChange } from '../audit/record-api-change';
import { CONTACT_TOPICS } from '@dondoc/domain';
import { ConflictError, FieldErrors, NotFoundError, OutOfScopeError } from '../errors/errors';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import { capabilitiesOf } from './capabilities';
import type {
  ListPeopleQuery,
  MeView,
  PersonView,
  RegisterPersonBody,
  UpdateMeBody,
  UpdatePersonBody,
} from './people.dto';
import { SeenCache } from './seen-cache';

/** A person's profile is refreshed from their token at most this often when nothing in it changed. */
export const PROFILE_REFRESH_MS = 10 * 60_000;

/** Far deeper than any real tree; stops a walk should a loop ever reach the table. */
const MAX_DEPTH = 64;

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** The API's picture of a person. */
export function personView(p: PersonEntity): PersonView {
  return {
    sub: p.sub,
    unitId: p.unitId,
    displayName: p.displayName,
    email: p.email,
    rolesSeen: p.rolesSeen,
    active: p.active,
    firstSeenAt: iso(p.firstSeenAt),
    lastSeenAt: iso(p.lastSeenAt),
    registeredBy: p.registeredBy,
    mutedTopics: p.mutedTopics,
  };
}

/** The problems of a muted-topics list, one per item: each a contact topic, named once. */
export function mutedTopicsProblems(values: readonly unknown[]): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  values.forEach((value, index) => {
    const field = `mutedTopics[${index}]`;
    if (!(CONTACT_TOPICS as readonly unknown[]).includes(value))
      problems.push({ field, problem: `phải là một trong các loại thông báo: ${CONTACT_TOPICS.join(', ')}` });
    else if (values.indexOf(value) !== index) problems.push({ field, problem: 'loại thông báo này đã được nêu' });
  });
  return problems;
}

/** The people of each unit: profiles kept from tokens, registered by admins, read by those who assign work. */
@Injectable()
export class PeopleService {
  private readonly seen = new SeenCache(PROFILE_REFRESH_MS);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Creates or refreshes the caller's profile from their token: on first use, when the token's
   * name, e-mail or roles differ from what this process last wrote, or once per
   * {@link PROFILE_REFRESH_MS}. A claim the token lacks keeps what the profile holds (an admin's
   * entry, an earlier token's). A deactivated person stays deactivated. A failed write fails the
   * request as its own first query would (503 when the database is unreachable, within the same
   * bounded wait), and is tried again on the next one.
   */
  async recordSeen(principal: Principal, now = Date.now()): Promise<void> {
    const key = personKey(principal.unitId, principal.sub);
    const roles = [...principal.roles].sort();
    const fingerprint = JSON.stringify([principal.name ?? null, principal.email ?? null, roles]);
    if (!this.seen.due(key, fingerprint, now)) return;
    await this.dataSource.query(
      `INSERT INTO people (unit_id, sub, display_name, email, roles_seen, first_seen_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (unit_id, sub) DO UPDATE SET
           display_name = COALESCE(EXCLUDED.display_name, people.display_name),
           email = COALESCE(EXCLUDED.email, people.email),
           roles_seen = EXCLUDED.roles_seen,
           first_seen_at = COALESCE(people.first_seen_at, EXCLUDED.first_seen_at),
           last_seen_at = EXCLUDED.last_seen_at,
           updated_at = now()`,
      [principal.unitId, principal.sub, principal.name ?? null, principal.email ?? null, roles, new Date(now)],
    );
    this.seen.written(key, fingerprint, now);
  }

  /** The person `sub` of `unitId`, or null. */
  async find(unitId: string, sub: string): Promise<PersonEntity | null> {
    return this.dataSource.getRepository(PersonEntity).findOneBy({ unitId, sub });
  }

  /** Who the caller is: profile, unit, roles and what they may do. */
  async me(actor: Actor): Promise<MeView> {
    const profile = await this.find(actor.unitId, actor.id);
    const unit = await this.dataSource.getRepository(UnitEntity).findOneBy({ id: actor.unitId });
    return {
      // Recorded by the interceptor before any handler runs; a failed write shows the token's view.
      profile: profile
        ? personView(profile)
        : {
            sub: actor.id,
            unitId: actor.unitId,
            displayName: null,
            email: null,
            rolesSeen: [...actor.roles],
            active: true,
            firstSeenAt: null,
            lastSeenAt: null,
            registeredBy: null,
            mutedTopics: [],
          },
      unit: { id: actor.unitId, name: unit?.name ?? null },
      roles: [...actor.roles],
      may: capabilitiesOf(actor.roles),
    };
  }

  /** The unit's people, by `sub`, for an admin, the unit's clerk or head, or a supervisor of a body over it. */
  async list(actor: Actor, unitId: string, query: ListPeopleQuery): Promise<Page<PersonView>> {
    await this.assertMayReadPeople(actor, unitId);
    const qb = keysetPage(
      this.dataSource.getRepository(PersonEntity).createQueryBuilder('p'),
      ['p.sub'],
      'ASC',
      query.limit,
      query.cursor,
    ).andWhere('p.unit_id = :unitId', { unitId });
    if (query.active !== undefined) qb.andWhere('p.active = :active', { active: query.active });
    const rows = await qb.getMany();
    return toPage(rows, query.limit, (p) => [p.sub], personView);
  }

  /** One person of the unit, for those who may list its people. */
  async get(actor: Actor, unitId: string, sub: string): Promise<PersonView> {
    await this.assertMayReadPeople(actor, unitId);
    const person = await this.find(unitId, sub);
    if (!person) throw new NotFoundError('person', sub, `Đơn vị ${unitId} không có người dùng ${sub}.`);
    return personView(person);
  }

  /** An admin registers a person ahead of their first sign-in. @throws ConflictError when the unit has them already. */
  async register(actor: Actor, unitId: string, body: RegisterPersonBody): Promise<PersonView> {
    await this.requireUnit(unitId);
    return this.dataSource.transaction(async (db) => {
      const inserted: unknown[] = await db.query(
        `INSERT INTO people (unit_id, sub, display_name, email, roles_seen, registered_by)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (unit_id, sub) DO NOTHING RETURNING sub`,
        [unitId, body.sub, body.displayName ?? null, body.email ?? null, [...new Set(body.roles ?? [])], actor.id],
      );
      if (inserted.length === 0)
        throw new ConflictError(`Đơn vị ${unitId} đã có người dùng ${body.sub}.`, { unitId, sub: body.sub });
      const person = await db.getRepository(PersonEntity).findOneByOrFail({ unitId, sub: body.sub });
      await auditApiChange(db, {
        action: 'person.register',
        targetType: 'person',
        targetId: personKey(unitId, body.sub),
        before: null,
        after: personView(person),
      });
      return personView(person);
    });
  }

  /**
   * The caller's own choices: the notice kinds they are not e-mailed about. The profile is made if
   * the interceptor's write has not landed, so the choice is never lost.
   */
  async updateMe(actor: Actor, body: UpdateMeBody): Promise<MeView> {
    const problems = mutedTopicsProblems(body.mutedTopics);
    if (problems.length > 0) throw new FieldErrors(problems);
    await this.dataSource.query(
      `INSERT INTO people (unit_id, sub, roles_seen, muted_topics) VALUES ($1, $2, $3::text[], $4::text[])
       ON CONFLICT (unit_id, sub) DO UPDATE SET muted_topics = EXCLUDED.muted_topics, updated_at = now()`,
      [actor.unitId, actor.id, [...actor.roles], body.mutedTopics],
    );
    return this.me(actor);
  }

  /** An admin deactivates or reactivates a person, or corrects their name or e-mail. */
  async update(unitId: string, sub: string, body: UpdatePersonBody): Promise<PersonView> {
    const view = await this.dataSource.transaction(async (db) => {
      const repository = db.getRepository(PersonEntity);
      const before = await repository.findOne({ where: { unitId, sub }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw new NotFoundError('person', sub, `Đơn vị ${unitId} không có người dùng ${sub}.`);
      const changes: Partial<PersonEntity> = {};
      if (body.active !== undefined) changes.active = body.active;
      if (body.displayName !== undefined) changes.displayName = body.displayName;
      if (body.email !== undefined) changes.email = body.email;
      await repository.update({ unitId, sub }, changes);
      const after = await repository.findOneByOrFail({ unitId, sub });
      await auditApiChange(db, {
        action: body.active === false ? 'person.deactivate' : 'person.update',
        targetType: 'person',
        targetId: personKey(unitId, sub),
        before: personView(before),
        after: personView(after),
      });
      return personView(after);
    });
    this.seen.forget(personKey(unitId, sub));
    return view;
  }

  /**
   * Who may list a unit's people: an admin; the unit's clerk or head (they assign its work); a
   * supervisor of the unit itself or of a coordinating body named by it or a unit above it.
   */
  private async assertMayReadPeople(actor: Actor, unitId: string): Promise<void> {
    await this.requireUnit(unitId);
    const roles = actor.roles;
    if (roles.includes('admin')) return;
    if ((roles.includes('clerk') || roles.includes('head')) && actor.unitId === unitId) return;
    if (roles.includes('supervisor')) {
      if (actor.unitId === unitId) return;
      const bodies = await this.dataSource.query<{ id: string }[]>(
        `WITH RECURSIVE up AS (
           SELECT id, parent_id, coordinating_unit_id, 0 AS depth FROM units WHERE id = $1
           UNION ALL
           SELECT u.id, u.parent_id, u.coordinating_unit_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id
           WHERE up.depth < ${MAX_DEPTH}
         ) SELECT coordinating_unit_id AS id FROM up WHERE coordinating_unit_id = $2 LIMIT 1`,
        [unitId, actor.unitId],
      );
      if (bodies.length > 0) return;
    }
    throw new OutOfScopeError(
      `Chỉ quản trị viên, văn thư hoặc lãnh đạo của đơn vị ${unitId}, hoặc giám sát của cơ quan điều phối đơn vị này, mới xem được danh sách người dùng của đơn vị.`,
    );
  }

  private async requireUnit(unitId: string): Promise<void> {
    const exists = await this.dataSource.getRepository(UnitEntity).existsBy({ id: unitId });
    if (!exists) throw new NotFoundError('unit', unitId);
  }
}

/** One key per person: unit and sub (a `sub` names a person only within a unit here). */
export function personKey(unitId: string, sub: string): string {
  return `${unitId}:${sub}`;
}
