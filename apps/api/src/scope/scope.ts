import type { Role } from '@dondoc/auth';
import { unitsToldOf, type AnyDondocEvent } from '@dondoc/domain';
import type { Actor } from '../actor/actor';

/**
 * How a condition finds the cascade a clerk or supervisor reads in full. `list`: the set of its
 * directives, built once per query (a list checks many rows). `row`: a walk up from the row's
 * directive to the root (one row: a few index lookups instead of the whole set).
 */
export type Reach = 'list' | 'row';

/** A SQL condition over one alias with its named parameters, for a query builder's `andWhere`. */
export interface Condition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * What one person may read and act on, from their token (unit and roles) and, for officers, the
 * units they act for. The specification is docs/auth.md, "Scope". Reads are SQL conditions over
 * the read model, so lists filter in the database and keyset pages stay whole; acts are plain
 * checks on a row already read.
 */
export class Scope {
  constructor(
    readonly actor: Actor,
    /**
     * The person's unit acts for every unit below it (`actsForSubUnits`), so an officer of it
     * carries out their tasks too. A flag, not a list: "below" is read through each unit's
     * ancestry in SQL, so a scope of 10,000 sub-units costs what a scope of one does.
     */
    readonly actsBelow: boolean = false,
  ) {}

  get unitId(): string {
    return this.actor.unitId;
  }

  has(role: Role): boolean {
    return this.actor.roles.includes(role);
  }

  /**
   * An officer who carries out this unit's tasks: acknowledge, progress, submit, ask for more
   * time. `ancestry` is the unit's own (root first, itself last), needed only for a unit other
   * than the person's when their unit acts below it ({@link needsAncestry}).
   */
  actsFor(unitId: string, ancestry: readonly string[] = [unitId]): boolean {
    if (!this.has('officer')) return false;
    return unitId === this.unitId || (this.actsBelow && ancestry.includes(this.unitId));
  }

  /** Whether {@link actsFor} needs the unit's ancestry to answer for `unitId`. */
  needsAncestry(unitId: string): boolean {
    return this.has('officer') && this.actsBelow && unitId !== this.unitId;
  }

  /** A clerk of this unit: issues its directives, manages them, implements its tasks. */
  clerkOf(unitId: string): boolean {
    return this.has('clerk') && unitId === this.unitId;
  }

  /** Whose contacts and webhooks the person manages: a clerk their own unit's, an admin any unit's. */
  managesUnit(unitId: string): boolean {
    return this.has('admin') || this.clerkOf(unitId);
  }

  /** Rows of units the person manages ({@link managesUnit}), by the row's unit column. */
  managedUnits(unitColumn: string): Condition {
    return this.anyOf([this.has('admin') && 'TRUE', this.has('clerk') && `${unitColumn} = :scopeUnit`]);
  }

  /** Events about the person's unit or a unit they act for, as {@link notifications} reads notices. */
  events(e: string): Condition {
    return this.anyOf([this.recipient(`${e}.unit_id`)]);
  }

  /**
   * Whether the event stream shows the person this event: what {@link events} reads, and for a
   * supervisor also the escalations told to their body (it opened or climbed there), which their
   * queue shows although the task is another unit's. `unitAncestry` is the event's unit's (root
   * first, itself last), as the feed reads it.
   */
  streamsEvent(
    event: AnyDondocEvent,
    unitAncestry: readonly string[] = event.unitId === null ? [] : [event.unitId],
  ): boolean {
    if (event.unitId !== null && (event.unitId === this.unitId || this.actsFor(event.unitId, unitAncestry)))
      return true;
    return this.has('supervisor') && event.type.startsWith('escalation.') && unitsToldOf(event).includes(this.unitId);
  }

  /** Tasks the person reads. */
  tasks(t: string, reach: Reach = 'list'): Condition {
    return this.anyOf([
      this.officerUnit(`${t}.unit_id`),
      this.has('clerk') && `${t}.unit_id = :scopeUnit`,
      this.has('head') && `${t}.unit_id = :scopeUnit`,
      this.has('supervisor') && `${t}.id IN ${escalatedToUnit('task_id')}`,
      this.inCascade(`${t}.directive_id`, reach),
    ]);
  }

  /** Directives the person reads: in full (below), or because one of their tasks is in it. */
  directives(d: string, reach: Reach = 'list'): Condition {
    return this.anyOf([
      this.inCascade(`${d}.id`, reach),
      this.has('officer') && `${d}.id IN (SELECT directive_id FROM tasks WHERE ${this.officerUnit('tasks.unit_id')})`,
      this.has('clerk') && `${d}.id IN (SELECT directive_id FROM tasks WHERE unit_id = :scopeUnit)`,
      this.has('head') && `${d}.id IN (SELECT directive_id FROM tasks WHERE unit_id = :scopeUnit)`,
      this.has('supervisor') && `${d}.id IN ${escalatedToUnit('directive_id')}`,
    ]);
  }

  /** One directive the person reads in full, cascade and all (its tree). */
  wholeDirective(d: string): Condition {
    return this.anyOf([this.inCascade(`${d}.id`, 'row')]);
  }

  /** Escalations that reached the supervisor's body, at any level. */
  escalations(e: string): Condition {
    return this.anyOf([
      this.has('supervisor') &&
        `${e}.id IN (SELECT escalation_id FROM escalation_levels WHERE coordinating_unit_id = :scopeUnit)`,
    ]);
  }

  /** Extension requests the person may decide: a clerk those on directives their unit issued. */
  extensionDecisions(r: string): Condition {
    return this.anyOf([
      this.has('clerk') && `${r}.directive_id IN (SELECT id FROM directives WHERE issuer_unit_id = :scopeUnit)`,
    ]);
  }

  /** Notices sent to the person's unit or to a unit they act for. */
  notifications(n: string): Condition {
    return this.anyOf([this.recipient(`${n}.recipient_unit_id`)]);
  }

  /**
   * Whether the unit in `column` is one whose tasks the person carries out as an officer: their
   * own, or any below it when their unit acts for its sub-units. Below is a lookup in the GIN
   * index of the units' ancestry (each unit's ids from the root), whatever the number of units.
   */
  private officerUnit(column: string): string | false {
    if (!this.has('officer')) return false;
    if (!this.actsBelow) return `${column} = :scopeUnit`;
    return `${column} IN (SELECT scope_unit.id FROM units scope_unit WHERE scope_unit.ancestry @> ARRAY[CAST(:scopeUnit AS text)])`;
  }

  /** Whether the unit in `column` is one whose notices the person reads: their own, and those they act for. */
  private recipient(column: string): string {
    return this.officerUnit(column) || `${column} = :scopeUnit`;
  }

  /**
   * Whether the directive in `column` is in a cascade the person reads in full: issued by a
   * clerk's unit or coordinated by a supervisor's body, or implementing (at any depth) a task of
   * one that is. False for neither role. The same rule either way round (see {@link Reach}).
   */
  private inCascade(column: string, reach: Reach): string | false {
    const roots = this.cascadeRoots();
    if (roots === null) return false;
    if (reach === 'list') {
      // DISTINCT: the planner guesses a recursive set's size by multiplying at each level (11
      // million rows for a cascade of 11,000 directives) and, that large, will not hash it, so
      // it rescans the set for every row under an OR. The set is distinct already; said so, its
      // estimate is modest and the check a hash lookup (bench/statistics: 24 s → well under 1 s).
      return `${column} IN (WITH RECURSIVE scope_cascade(id) AS (
           SELECT id FROM directives WHERE ${roots}
           UNION SELECT below.id FROM directives below JOIN scope_cascade above ON below.parent_directive_id = above.id
         ) SELECT DISTINCT id FROM scope_cascade)`;
    }
    return `EXISTS (WITH RECURSIVE scope_up(id, parent_directive_id, issuer_unit_id, coordinating_unit_id, depth) AS (
         SELECT d.id, d.parent_directive_id, d.issuer_unit_id, d.coordinating_unit_id, 0 FROM directives d WHERE d.id = ${column}
         UNION ALL
         SELECT p.id, p.parent_directive_id, p.issuer_unit_id, p.coordinating_unit_id, up.depth + 1
         FROM directives p JOIN scope_up up ON p.id = up.parent_directive_id WHERE up.depth < 64
       ) SELECT 1 FROM scope_up WHERE ${roots})`;
  }

  /** Where a cascade the person reads in full starts: a directive their unit issued (clerk) or their body coordinates (supervisor). */
  private cascadeRoots(): string | null {
    const roots = [
      this.has('clerk') && 'issuer_unit_id = :scopeUnit',
      this.has('supervisor') && 'coordinating_unit_id = :scopeUnit',
    ];
    const sql = roots.filter((root): root is string => root !== false);
    return sql.length === 0 ? null : `(${sql.join(' OR ')})`;
  }

  private anyOf(parts: (string | false)[]): Condition {
    const sql = parts.filter((part): part is string => part !== false);
    return {
      sql: sql.length === 0 ? 'FALSE' : `(${sql.join(' OR ')})`,
      params: { scopeUnit: this.unitId },
    };
  }
}

/** A column of the escalations that reached the person's body (`:scopeUnit`) at any level. */
function escalatedToUnit(column: 'task_id' | 'directive_id'): string {
  return `(SELECT esc.${column} FROM escalation_levels lvl JOIN escalations esc ON esc.id = lvl.escalation_id WHERE lvl.coordinating_unit_id = :scopeUnit)`;
}
