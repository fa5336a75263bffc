/**
 * CSV as RFC 4180 writes it: fields separated by commas, records by CRLF (LF accepted), a field
 * quoted with `"` when it holds a comma, a quote or a line break, a quote inside doubled.
 * Written here rather than taken from a library: the tree's files are small and the rules few,
 * and the errors must name the row a clerk has to fix.
 */

/** The text is not CSV: a quote left open, or text after a closing quote. */
export class CsvSyntaxError extends Error {
  constructor(
    /** 0-based record index (0 = the header row), where the problem starts. */
    readonly record: number,
    readonly problem: string,
  ) {
    super(`record ${record}: ${problem}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Splits CSV text into records of fields. A leading byte-order mark and one trailing line break
 * are ignored; a record that is one empty line is dropped (spreadsheets leave them at the end).
 */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let i = 0;
  const endRecord = (): void => {
    record.push(field);
    if (!(record.length === 1 && record[0] === '' && !afterQuote)) records.push(record);
    record = [];
    field = '';
    afterQuote = false;
  };
  while (i < input.length) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        afterQuote = true;
      } else {
        field += c;
      }
      i += 1;
      continue;
    }
    if (c === ',') {
      record.push(field);
      field = '';
      afterQuote = false;
    } else if (c === '\r' && input[i + 1] === '\n') {
      endRecord();
      i += 1;
    } else if (c === '\n' || c === '\r') {
      endRecord();
    } else if (afterQuote) {
      throw new CsvSyntaxError(records.length, `has text after a closing quote in field ${record.length + 1}`);
    } else if (c === '"') {
      if (field !== '')
        throw new CsvSyntaxError(
          records.length,
          `has a quote inside unquoted field ${record.length + 1}; quote the whole field and double the quote`,
        );
      quoted = true;
    } else {
      field += c;
    }
    i += 1;
  }
  if (quoted)
    throw new CsvSyntaxError(records.length, `has a quote in field ${record.length + 1} that is never closed`);
  if (field !== '' || record.length > 0 || afterQuote) endRecord();
  return records;
}

/** One field as CSV: quoted only when it must be; null is an empty field. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) || value.trim() !== value ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records as CSV text, CRLF after every record (RFC 4180). */
export function formatCsv(records: (string | null)[][]): string {
  return records.map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}
