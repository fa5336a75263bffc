/** One unit as the import will write it, as far as the preview shows it. */
export interface PreviewRow {
  id: string;
  name: string;
  level: string;
  parentId: string;
}

/** The text parsed for the preview, and whether it is CSV or JSON (the media type it is sent as). */
export interface ParsedImport {
  format: 'csv' | 'json';
  rows: PreviewRow[];
}

/**
 * Reads the pasted tree for the preview only: the API reads it again, checks every row and
 * names a bad one's field in its 400. CSV is split plainly (quoted commas are the API's to read).
 */
export function parseImport(text: string): ParsedImport {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as unknown;
    const units = Array.isArray(parsed) ? parsed : (parsed as { units?: unknown }).units;
    if (!Array.isArray(units)) throw new Error('JSON must be a list of units or { "units": [...] }');
    return {
      format: 'json',
      rows: units.map((unit: Record<string, unknown>) => ({
        id: String(unit['id'] ?? ''),
        name: String(unit['name'] ?? ''),
        level: String(unit['level'] ?? ''),
        parentId: String(unit['parentId'] ?? ''),
      })),
    };
  }
  const [header = '', ...lines] = trimmed.split(/\r?\n/);
  const columns = header.split(',').map((column) => column.trim());
  const at = (cells: string[], name: string) => cells[columns.indexOf(name)]?.trim() ?? '';
  if (!columns.includes('id') || !columns.includes('name'))
    throw new Error('the first line must name the columns id,name,level,…');
  return {
    format: 'csv',
    rows: lines
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const cells = line.split(',');
        return {
          id: at(cells, 'id'),
          name: at(cells, 'name'),
          level: at(cells, 'level'),
          parentId: at(cells, 'parentId'),
        };
      }),
  };
}
