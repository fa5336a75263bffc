import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../errors/errors';
import type { ContactRecord } from '../contacts/contact-rules';
import type { UnitRecord } from './units-import';

/** A unit with everything below it, as GET /units/:id/subtree answers. */
export interface UnitTreeNode {
  id: string;
  name: string;
  level: string;
  kind: string | null;
  coordinatingUnitId: string | null;
  /** The body that actually receives escalations: this unit's, or the nearest ancestor's. */
  effectiveCoordinatingUnitId: string | null;
  escalationGrace: string | null;
  actsForSubUnits: boolean;
  children: UnitTreeNode[];
}

/** Far deeper than any real tree; stops a walk should a loop ever reach the table. */
const MAX_DEPTH = 256;

interface UnitRow {
  id: string;
  name: string;
  level: string;
  parent_id: string | null;
  kind: string | null;
  coordinating_unit_id: string | null;
  escalation_grace: string | null;
  acts_for_sub_units: boolean;
}

/** Reads the tree as a whole: the export, and a unit's subtree. */
@Injectable()
export class UnitsTreeService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every unit, parents before children (by depth from the roots, then by id), so a reader that
   * cannot defer references may still load it in order. A unit whose parent chain never reaches
   * a root (impossible through the API) comes last rather than being lost.
   */
  async export(withContacts = false): Promise<UnitRecord[]> {
    const rows = await this.dataSource.query<UnitRow[]>(
      `WITH RECURSIVE walk AS (
         SELECT id, 0 AS depth FROM units WHERE parent_id IS NULL
         UNION ALL
         SELECT u.id, w.depth + 1 FROM units u JOIN walk w ON u.parent_id = w.id WHERE w.depth < ${MAX_DEPTH}
       )
       SELECT u.id, u.name, u.level, u.parent_id, u.kind, u.coordinating_unit_id, u.escalation_grace, u.acts_for_sub_units
       FROM units u LEFT JOIN walk w ON w.id = u.id
       ORDER BY COALESCE(w.depth, ${MAX_DEPTH + 1}), u.id`,
    );
    const contacts = withContacts ? await this.contactsByUnit() : new Map<string, ContactRecord[]>();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      level: r.level,
      parentId: r.parent_id,
      kind: r.kind,
      coordinatingUnitId: r.coordinating_unit_id,
      escalationGrace: r.escalation_grace,
      actsForSubUnits: r.acts_for_sub_units,
      ...(withContacts ? { contacts: contacts.get(r.id) ?? [] } : {}),
    }));
  }

  /** Every unit's contacts, oldest first, as the import reads them back. */
  private async contactsByUnit(): Promise<Map<string, ContactRecord[]>> {
    const rows = await this.dataSource.query<(ContactRecord & { unit_id: string })[]>(
      `SELECT unit_id, name, email, topics, mode FROM unit_contacts ORDER BY unit_id, created_at, id`,
    );
    const byUnit = new Map<string, ContactRecord[]>();
    for (const { unit_id: unitId, ...contact } of rows) byUnit.set(unitId, [...(byUnit.get(unitId) ?? []), contact]);
    return byUnit;
  }

  /**
   * The unit and its descendants down to `depth` levels (all when undefined), nested. One query:
   * the walk up finds the root's inherited coordinator, the walk down hands it on to children.
   */
  async subtree(id: string, depth?: number): Promise<UnitTreeNode> {
    const rows = await this.dataSource.query<(UnitRow & { effective: string | null })[]>(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, coordinating_unit_id, 0 AS depth FROM units WHERE id = $1
         UNION ALL
         SELECT u.id, u.parent_id, u.coordinating_unit_id, up.depth + 1
         FROM units u JOIN up ON u.id = up.parent_id WHERE up.coordinating_unit_id IS NULL AND up.depth < ${MAX_DEPTH}
       ),
       down AS (
         SELECT u.id, u.name, u.level, u.parent_id, u.kind, u.coordinating_unit_id, u.escalation_grace, u.acts_for_sub_units,
                (SELECT coordinating_unit_id FROM up WHERE coordinating_unit_id IS NOT NULL ORDER BY depth LIMIT 1) AS effective,
                0 AS depth
         FROM units u WHERE u.id = $1
         UNION ALL
         SELECT u.id, u.name, u.level, u.parent_id, u.kind, u.coordinating_unit_id, u.escalation_grace, u.acts_for_sub_units,
                COALESCE(u.coordinating_unit_id, d.effective), d.depth + 1
         FROM units u JOIN down d ON u.parent_id = d.id WHERE d.depth < $2
       )
       SELECT id, name, level, parent_id, kind, coordinating_unit_id, escalation_grace, acts_for_sub_units, effective FROM down ORDER BY depth, id`,
      [id, Math.min(depth ?? MAX_DEPTH, MAX_DEPTH)],
    );
    const [first] = rows;
    if (first === undefined) throw new NotFoundError('unit', id);
    const nodes = new Map<string, UnitTreeNode>();
    for (const r of rows) {
      const node: UnitTreeNode = {
        id: r.id,
        name: r.name,
        level: r.level,
        kind: r.kind,
        coordinatingUnitId: r.coordinating_unit_id,
        effectiveCoordinatingUnitId: r.effective,
        escalationGrace: r.escalation_grace,
        actsForSubUnits: r.acts_for_sub_units,
        children: [],
      };
      nodes.set(r.id, node);
      // Rows come by depth then id: a parent is placed before its children, children in id order.
      if (r.id !== first.id && r.parent_id !== null) nodes.get(r.parent_id)?.children.push(node);
    }
    return nodes.get(first.id)!;
  }
}
