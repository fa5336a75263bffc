/** A unit of the demo organisation, as POST /units takes it. */
export interface DemoUnit {
  id: string;
  name: string;
  level: 'central' | 'province' | 'district' | 'commune' | 'agency';
  parentId?: string;
  kind?: string;
  coordinatingUnitId?: string;
}

/**
 * A level's Ban Chỉ đạo 35: the body that receives escalations of directives its level issues
 * (it advises and coordinates; it is not a line authority, so it hangs under the committee).
 */
export function steeringCommittee(id: string, name: string, level: DemoUnit['level'], parentId?: string): DemoUnit {
  return { id, name, level, ...(parentId !== undefined ? { parentId } : {}), kind: 'steering-committee' };
}
