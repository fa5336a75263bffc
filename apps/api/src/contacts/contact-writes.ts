import type { EntityManager } from 'typeorm';
import { UnitContactEntity } from '@dondoc/persistence';
import type { ContactRecord } from './contact-rules';

/**
 * Gives each unit exactly the contacts listed for it, in the caller's transaction (the units'
 * import, so a file's units and contacts land together or not at all). Units not in the map keep
 * theirs. Answers how many contacts were written.
 */
export async function replaceUnitContacts(
  db: EntityManager,
  byUnit: ReadonlyMap<string, readonly ContactRecord[]>,
): Promise<number> {
  if (byUnit.size === 0) return 0;
  await db.query(`DELETE FROM unit_contacts WHERE unit_id = ANY($1::text[])`, [[...byUnit.keys()]]);
  // One millisecond apart in the file's order: the export lists a unit's contacts by creation
  // time, and rows written by one statement would otherwise share it (then come in id order).
  const writtenAt = Date.now();
  const rows = [...byUnit].flatMap(([unitId, contacts]) =>
    contacts.map((c, i) => {
      const at = new Date(writtenAt + i);
      return { unitId, ...c, topics: [...c.topics], createdAt: at, updatedAt: at };
    }),
  );
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .createQueryBuilder()
      .insert()
      .into(UnitContactEntity)
      .values(rows.slice(i, i + 1000))
      .execute();
  return rows.length;
}
