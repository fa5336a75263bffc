import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { DirectiveEntity, TaskEntity } from '@dondoc/persistence';
import { currentActor, type Actor } from '../actor/actor';
import { NotFoundError } from '../errors/errors';
import { isUuid } from '../validation/ids';
import { currentRequestContext, type RequestContext } from '../http/request-context';
import { Scope, type Condition } from './scope';

/** One of {@link Scope}'s conditions, for the alias a query gives the table. */
export type ScopeCondition = (scope: Scope, alias: string) => Condition;

/** Works out the caller's {@link Scope} once per request, and reads single rows through it. */
@Injectable()
export class ScopeService {
  private readonly perRequest = new WeakMap<RequestContext, Promise<Scope>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The scope of the person making the current request. */
  current(): Promise<Scope> {
    const context = currentRequestContext();
    if (context === undefined) return this.of(currentActor());
    let scope = this.perRequest.get(context);
    if (scope === undefined) {
      scope = this.of(currentActor());
      this.perRequest.set(context, scope);
    }
    return scope;
  }

  /**
   * The person's scope: one indexed read of their unit's flag for an officer, whatever the number
   * of units below it (the units themselves are matched in SQL through their ancestry).
   */
  async of(actor: Actor): Promise<Scope> {
    if (!actor.roles.includes('officer')) return new Scope(actor);
    const rows = await this.dataSource.query<{ acts_for_sub_units: boolean }[]>(
      `SELECT acts_for_sub_units FROM units WHERE id = $1`,
      [actor.unitId],
    );
    return new Scope(actor, rows[0]?.acts_for_sub_units === true);
  }

  /** Whether the caller carries out this unit's tasks as an officer (reads the unit's ancestry only when it must). */
  async actsFor(unitId: string): Promise<boolean> {
    const scope = await this.current();
    if (!scope.needsAncestry(unitId)) return scope.actsFor(unitId);
    const rows = await this.dataSource.query<{ ancestry: string[] }[]>(`SELECT ancestry FROM units WHERE id = $1`, [
      unitId,
    ]);
    return scope.actsFor(unitId, rows[0]?.ancestry ?? []);
  }

  /** The task if the caller may read it; otherwise 404, as for a task that does not exist. */
  readTask(id: string): Promise<TaskEntity> {
    return this.readable(TaskEntity, 'task', id, (scope, alias) => scope.tasks(alias, 'row'));
  }

  /** The directive if the caller may read it; otherwise 404, as for one that does not exist. */
  readDirective(id: string): Promise<DirectiveEntity> {
    return this.readable(DirectiveEntity, 'directive', id, (scope, alias) => scope.directives(alias, 'row'));
  }

  /** Whether the caller reads this directive in full, cascade and all (its tree). */
  async readsWholeDirective(id: string): Promise<boolean> {
    return (await this.visible(DirectiveEntity, id, (scope, alias) => scope.wholeDirective(alias))) !== null;
  }

  /**
   * The row with this id if the caller may read it. Otherwise NotFoundError, worded exactly as
   * for a row that does not exist: outside one's scope nothing says whether it does.
   */
  async readable<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    what: string,
    id: string,
    condition: ScopeCondition,
  ): Promise<T> {
    const row = await this.visible(entity, id, condition);
    if (row === null) throw new NotFoundError(what, id);
    return row;
  }

  /** The row with this id if it exists and `condition` lets the caller see it; null otherwise. */
  async visible<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    id: string,
    condition: ScopeCondition,
  ): Promise<T | null> {
    if (!isUuid(id)) return null;
    const { sql, params } = condition(await this.current(), 'x');
    return this.dataSource
      .getRepository(entity)
      .createQueryBuilder('x')
      .where('x.id = :id', { id })
      .andWhere(sql, params)
      .getOne();
  }
}
