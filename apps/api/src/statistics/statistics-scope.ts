import type { DataSource } from 'typeorm';
import type { Scope } from '../scope/scope';
import type { StatisticsQuery } from './statistics-query';

/** What a report covers, for its reader: which tasks (by the caller's roles) and which filters. */
export interface ScopeDescription {
  /** The caller's unit and roles, as the token says. */
  unitId: string;
  roles: string[];
  /** In Vietnamese, as the title rows of the XLSX and CSV print it. */
  text: string;
  /** The filters, in Vietnamese; empty when there are none. */
  filters: string;
}

/** Level names as a Vietnamese reader says them. */
const LEVEL_NAMES: Record<string, string> = {
  central: 'Trung ương',
  province: 'cấp tỉnh',
  district: 'cấp huyện',
  commune: 'cấp xã',
  agency: 'cơ quan',
};

/** Describes in words the tasks a report counts for this caller and these filters. */
export async function describeScope(
  dataSource: DataSource,
  scope: Scope,
  query: StatisticsQuery,
): Promise<ScopeDescription> {
  const ids = [scope.unitId, query.unitId, query.issuerUnitId].filter((id): id is string => id !== undefined);
  const rows = await dataSource.query<{ id: string; name: string }[]>(`SELECT id, name FROM units WHERE id = ANY($1)`, [
    ids,
  ]);
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const name = (id: string): string => names.get(id) ?? id;
  const own = name(scope.unitId);
  const parts: string[] = [];
  if (scope.has('admin')) parts.push('toàn bộ nhiệm vụ của mọi đơn vị');
  else {
    if (scope.has('clerk'))
      parts.push(`nhiệm vụ của ${own} và nhiệm vụ theo các văn bản do ${own} ban hành (kể cả các văn bản triển khai)`);
    if (scope.has('supervisor'))
      parts.push(
        `nhiệm vụ theo các văn bản do ${own} điều phối (kể cả các văn bản triển khai) và các nhiệm vụ đã báo cáo lên ${own}`,
      );
    if (scope.has('officer')) parts.push(`nhiệm vụ của các đơn vị do cán bộ ${own} thực hiện`);
  }
  const filters: string[] = [];
  if (query.unitId !== undefined) {
    const below =
      query.depth === undefined
        ? 'và mọi đơn vị trực thuộc'
        : query.depth === 0
          ? ''
          : `và các đơn vị trực thuộc đến ${query.depth} cấp`;
    filters.push(`Đơn vị: ${name(query.unitId)} ${below}`.trim());
  }
  if (query.level !== undefined) filters.push(`Cấp đơn vị: ${query.level.map((l) => LEVEL_NAMES[l] ?? l).join(', ')}`);
  if (query.issuerUnitId !== undefined) filters.push(`Văn bản do ${name(query.issuerUnitId)} ban hành`);
  const text = `Phạm vi: ${parts.join('; ')}`;
  return { unitId: scope.unitId, roles: [...scope.actor.roles], text, filters: filters.join('; ') };
}
