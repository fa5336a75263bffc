import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitEntity } from '@dondoc/persistence';
import { auditApiChange } from '../audit/record-api-change';
import { ConflictError, FieldErrors, NotFoundError } from '../errors/errors';
import { unitRecordOf } from './units-import';
import type { UnitInput, UnitLevel, UnitView, UpdateUnitBody } from './units.dto';
import { UnitsService } from './units.service';

/** The fields an edit may leave out but never empty: a unit always has a name and a level. */
const REQUIRED_FIELDS = ['name', 'level'] as const;

/**
 * Edits one unit of the organisation tree field by field (PATCH /units/:id): the same checks as
 * an import (the parent and coordinating body exist, no loop), under a row lock so two edits of
 * one unit cannot interleave, audited with what it was before and after.
 */
@Injectable()
export class UnitsEditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: UnitsService,
  ) {}

  /** Applies the given fields; 404 for an unknown unit, 409 when it changed since `expectedUpdatedAt`. */
  async update(id: string, body: UpdateUnitBody): Promise<UnitView> {
    const problems = REQUIRED_FIELDS.filter((field) => body[field] === null).map((field) => ({
      field,
      problem: 'cannot be empty: leave it out to keep the current value',
    }));
    if (problems.length > 0) throw new FieldErrors(problems);
    await this.dataSource.transaction(async (db) => {
      const current = await db
        .getRepository(UnitEntity)
        .createQueryBuilder('u')
        .setLock('pessimistic_write')
        .where('u.id = :id', { id })
        .getOne();
      if (current === null) throw new NotFoundError('unit', id);
      if (
        body.expectedUpdatedAt !== undefined &&
        new Date(body.expectedUpdatedAt).getTime() !== current.updatedAt.getTime()
      ) {
        throw new ConflictError(`unit ${id} was changed at ${current.updatedAt.toISOString()}, after it was read`, {
          updatedAt: current.updatedAt.toISOString(),
        });
      }
      const before = unitRecordOf(mergedUnit(current, {}));
      const after = mergedUnit(current, body);
      // Field names as the body spells them: one unit, no `units[0].` prefix.
      await this.units.check([after], (_index, field) => field);
      await db.getRepository(UnitEntity).update({ id }, { ...unitRecordOf(after), updatedAt: new Date() });
      await auditApiChange(db, { action: 'unit.update', targetType: 'unit', targetId: id, before, after });
    });
    return this.units.get(id);
  }
}

/** The unit as it will be: each field the body gives (null clears an optional one), the rest kept. */
function mergedUnit(current: UnitEntity, body: UpdateUnitBody): UnitInput {
  return {
    id: current.id,
    name: body.name ?? current.name,
    level: body.level ?? (current.level as UnitLevel),
    parentId: body.parentId === undefined ? current.parentId : body.parentId,
    kind: body.kind === undefined ? current.kind : body.kind,
    coordinatingUnitId: body.coordinatingUnitId === undefined ? current.coordinatingUnitId : body.coordinatingUnitId,
    escalationGrace: body.escalationGrace === undefined ? current.escalationGrace : body.escalationGrace,
    actsForSubUnits: body.actsForSubUnits ?? current.actsForSubUnits,
  };
}
