import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { UnitEntity } from '@dondoc/persistence';
import { auditApiChange } from '../audit/record-api-change';
import { FieldErrors, NotFoundError } from '../errors/errors';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import type { ContactRecord } from '../contacts/contact-rules';
import { replaceUnitContacts } from '../contacts/contact-writes';
import type { ImportedUnit } from './units-contacts';
import { unitRecordOf } from './units-import';
import type { UnitFieldNamer, UnitInput, UnitView } from './units.dto';

/** A field problem, as a 400 answer lists it. */
type FieldProblem = { field: string; problem: string };

const bodyField: UnitFieldNamer = (i, field) => `units[${i}].${field}`;

/** What an import did. */
export interface ImportResult {
  imported: number;
  created: number;
  updated: number;
  /** Contacts written, when the file gave units' contacts (each such unit has exactly those now). */
  contacts?: number;
}

/** The organisation tree: who exists, who is under whom, who coordinates whom. */
@Injectable()
export class UnitsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts or updates units in one transaction; parents may come after children in the list. */
  async upsert(units: UnitInput[]): Promise<UnitView[]> {
    await this.check(units);
    await this.write(units);
    return this.views(await this.dataSource.getRepository(UnitEntity).findBy({ id: In(units.map((u) => u.id)) }));
  }

  /**
   * Checks a whole batch before anything is written, so an import is all or nothing: ids named
   * twice, references to units that exist neither in the batch nor in the tree, loops. Every
   * problem is reported at once, each naming its field as `fieldOf` spells it.
   */
  async check(units: UnitInput[], fieldOf: UnitFieldNamer = bodyField): Promise<void> {
    const problems: FieldProblem[] = [];
    const batch = new Map<string, UnitInput>();
    units.forEach((u, i) => {
      if (batch.has(u.id)) problems.push({ field: fieldOf(i, 'id'), problem: `names unit ${u.id} a second time` });
      batch.set(u.id, u);
    });
    const referenced = [
      ...new Set(units.flatMap((u) => [u.parentId, u.coordinatingUnitId]).filter((id): id is string => !!id)),
    ];
    const existing = await this.loadParents(referenced.filter((id) => !batch.has(id)));
    units.forEach((u, i) => {
      for (const field of ['parentId', 'coordinatingUnitId'] as const) {
        const ref = u[field];
        if (ref && !batch.has(ref) && !existing.has(ref))
          problems.push({ field: fieldOf(i, field), problem: `names unit ${ref}, which does not exist` });
      }
      if (u.parentId === u.id) problems.push({ field: fieldOf(i, 'parentId'), problem: 'cannot be the unit itself' });
    });
    if (problems.length === 0) problems.push(...(await this.findCycles(units, batch, fieldOf)));
    if (problems.length > 0) throw new FieldErrors(problems);
  }

  /** Checks, then writes the batch in one transaction; answers how many units were new. */
  async import(units: ImportedUnit[], fieldOf: UnitFieldNamer = bodyField): Promise<ImportResult> {
    await this.check(units, fieldOf);
    const contacts = new Map(
      units.flatMap((u): [string, ContactRecord[]][] => (u.contacts === undefined ? [] : [[u.id, u.contacts]])),
    );
    const { created, updated, contactsWritten } = await this.write(units, contacts);
    return { imported: units.length, created, updated, ...(contacts.size > 0 ? { contacts: contactsWritten } : {}) };
  }

  /** Writes a checked batch; the foreign keys are deferred, so order within it does not matter. */
  private async write(
    units: UnitInput[],
    contacts: ReadonlyMap<string, readonly ContactRecord[]> = new Map(),
  ): Promise<{ created: number; updated: number; contactsWritten: number }> {
    return this.dataSource.transaction(async (db) => {
      const before = await db.query<{ id: string }[]>(`SELECT id FROM units WHERE id = ANY($1::text[])`, [
        units.map((u) => u.id),
      ]);
      for (let i = 0; i < units.length; i += 1000) {
        const rows = units.slice(i, i + 1000).map(unitRecordOf);
        await db
          .createQueryBuilder()
          .insert()
          .into(UnitEntity)
          .values(rows)
          .orUpdate(
            [
              'name',
              'level',
              'parent_id',
              'kind',
              'coordinating_unit_id',
              'escalation_grace',
              'acts_for_sub_units',
              'updated_at',
            ],
            ['id'],
          )
          .execute();
      }
      const existed = new Set(before.map((b) => b.id));
      const contactsWritten = await replaceUnitContacts(db, contacts);
      await auditApiChange(db, {
        action: 'units.write',
        targetType: 'units',
        targetId: units.length === 1 ? units[0]!.id : `${units.length} units`,
        before: null,
        after: {
          created: units.filter((u) => !existed.has(u.id)).map((u) => u.id),
          updated: units.filter((u) => existed.has(u.id)).map((u) => u.id),
          ...(contacts.size > 0 ? { contactsReplaced: [...contacts.keys()] } : {}),
        },
      });
      return { created: units.length - before.length, updated: before.length, contactsWritten };
    });
  }

  async get(id: string): Promise<UnitView> {
    const unit = await this.dataSource.getRepository(UnitEntity).findOneBy({ id });
    if (!unit) throw new NotFoundError('unit', id);
    return (await this.views([unit]))[0]!;
  }

  async list(filter: { parentId?: string; level?: string[] }, limit: number, cursor?: string): Promise<Page<UnitView>> {
    const qb = keysetPage(
      this.dataSource.getRepository(UnitEntity).createQueryBuilder('u'),
      ['u.id'],
      'ASC',
      limit,
      cursor,
    );
    if (filter.parentId) qb.andWhere('u.parent_id = :parentId', { parentId: filter.parentId });
    if (filter.level) qb.andWhere('u.level IN (:...levels)', { levels: filter.level });
    const rows = await qb.getMany();
    const views = await this.views(rows);
    return toPage(
      views,
      limit,
      (v) => [v.id],
      (v) => v,
    );
  }

  /** Ids of the given units that do not exist. */
  async missing(ids: string[]): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Set();
    const found = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM units WHERE id = ANY($1::text[])`, [
      unique,
    ]);
    const present = new Set(found.map((r) => r.id));
    return new Set(unique.filter((id) => !present.has(id)));
  }

  /** The coordinating body of a unit: its own, or the nearest ancestor's; null when none is set. */
  async effectiveCoordinator(unitId: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ coordinating_unit_id: string | null }[]>(
      `WITH RECURSIVE chain AS (
         SELECT id, parent_id, coordinating_unit_id, 0 AS depth FROM units WHERE id = $1
         UNION ALL
         SELECT u.id, u.parent_id, u.coordinating_unit_id, c.depth + 1 FROM units u JOIN chain c ON u.id = c.parent_id WHERE c.depth < 64
       )
       SELECT coordinating_unit_id FROM chain WHERE coordinating_unit_id IS NOT NULL ORDER BY depth LIMIT 1`,
      [unitId],
    );
    return rows[0]?.coordinating_unit_id ?? null;
  }

  private async loadParents(ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; parent_id: string | null }[]>(
      `SELECT id, parent_id FROM units WHERE id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.parent_id]));
  }

  /** A parent chain that comes back to where it started would make the tree a loop. */
  private async findCycles(
    units: UnitInput[],
    batch: Map<string, UnitInput>,
    fieldOf: UnitFieldNamer,
  ): Promise<FieldProblem[]> {
    // Parents outside the batch are read once each: a large import hangs under a few roots.
    const outside = new Map<string, string | null>();
    const parentOf = async (id: string): Promise<string | null> => {
      const inBatch = batch.get(id);
      if (inBatch) return inBatch.parentId ?? null;
      if (!outside.has(id)) outside.set(id, (await this.loadParents([id])).get(id) ?? null);
      return outside.get(id) ?? null;
    };
    const problems: FieldProblem[] = [];
    for (const [i, u] of units.entries()) {
      const seen = new Set([u.id]);
      let current = u.parentId ?? null;
      while (current !== null) {
        if (seen.has(current)) {
          problems.push({ field: fieldOf(i, 'parentId'), problem: `makes a loop in the tree through ${current}` });
          break;
        }
        seen.add(current);
        current = await parentOf(current);
      }
    }
    return problems;
  }

  private async views(units: UnitEntity[]): Promise<UnitView[]> {
    const effective = await this.effectiveCoordinators(units.map((u) => u.id));
    return units.map((u) => ({
      id: u.id,
      name: u.name,
      level: u.level,
      parentId: u.parentId,
      kind: u.kind,
      coordinatingUnitId: u.coordinatingUnitId,
      effectiveCoordinatingUnitId: effective.get(u.id) ?? null,
      escalationGrace: u.escalationGrace,
      actsForSubUnits: u.actsForSubUnits,
      createdAt: u.createdAt.toISOString(),
      updatedAt: u.updatedAt.toISOString(),
    }));
  }

  private async effectiveCoordinators(ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<{ start: string; coordinating_unit_id: string }[]>(
      `WITH RECURSIVE chain AS (
         SELECT id AS start, id, parent_id, coordinating_unit_id, 0 AS depth FROM units WHERE id = ANY($1::text[])
         UNION ALL
         SELECT c.start, u.id, u.parent_id, u.coordinating_unit_id, c.depth + 1
         FROM units u JOIN chain c ON u.id = c.parent_id WHERE c.coordinating_unit_id IS NULL AND c.depth < 64
       )
       SELECT DISTINCT ON (start) start, coordinating_unit_id FROM chain WHERE coordinating_unit_id IS NOT NULL ORDER BY start, depth`,
      [ids],
    );
    return new Map(rows.map((r) => [r.start, r.coordinating_unit_id]));
  }
}
