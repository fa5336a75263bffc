/**
 * The text of a DOCX through mammoth (its HTML, which keeps paragraphs, lists and tables), written
 * as the Markdown the reader reads: a table becomes a Markdown table with `<br>` between the
 * paragraphs of a cell, so the two-column header is read column by column, as a person reads it.
 */
import mammoth from 'mammoth';
import { IntakeFileError } from './errors';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? match;
  });
}

/** Inline HTML to text: line breaks kept as `<br>`, other tags dropped, entities decoded. */
function inline(html: string): string {
  return decode(html.replace(/<br\s*\/?>/gi, '\u2028').replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, (space) => (space.includes('\u2028') ? '\u2028' : ' '))
    .trim();
}

function tableToMarkdown(table: string): string[] {
  const rows = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((c) => {
      const paragraphs = [...(c[1] ?? '').matchAll(/<(p|h\d|li)[^>]*>([\s\S]*?)<\/\1>/gi)].map((p) =>
        inline(p[2] ?? ''),
      );
      const parts = paragraphs.length > 0 ? paragraphs : [inline(c[1] ?? '')];
      return parts
        .filter((p) => p !== '')
        .join('<br>')
        .replace(/\u2028/g, '<br>')
        .replace(/\|/g, '/');
    }),
  );
  if (rows.length === 0) return [];
  const width = Math.max(...rows.map((r) => r.length));
  const line = (cells: string[]): string =>
    `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  return [line(rows[0] ?? []), `|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line), ''];
}

/** Body HTML (as mammoth writes it) to Markdown-ish lines. */
export function docxHtmlToText(html: string): string {
  const out: string[] = [];
  const blocks = /<table[^>]*>[\s\S]*?<\/table>|<(ol|ul)[^>]*>[\s\S]*?<\/\1>|<(p|h\d)[^>]*>[\s\S]*?<\/\2>/gi;
  for (const match of html.matchAll(blocks)) {
    const block = match[0];
    if (/^<table/i.test(block)) {
      out.push(...tableToMarkdown(block));
    } else if (/^<(ol|ul)/i.test(block)) {
      const ordered = /^<ol/i.test(block);
      [...block.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/gi)].forEach((item, i) => {
        out.push(`${ordered ? `${i + 1}.` : '-'} ${inline(item[1] ?? '').replace(/\u2028/g, ' ')}`);
      });
      out.push('');
    } else {
      const text = inline(block);
      if (text !== '') out.push(...text.split('\u2028'), '');
    }
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** Reads a DOCX; throws IntakeFileError when mammoth cannot open it. */
export async function readDocxText(data: Buffer): Promise<{ text: string; warnings: string[] }> {
  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    result = await mammoth.convertToHtml({ buffer: data });
  } catch {
    throw new IntakeFileError('the DOCX is damaged: its ZIP archive or word/document.xml cannot be read');
  }
  const text = docxHtmlToText(result.value);
  const warnings = text.trim() === '' ? ['the DOCX holds no text (only images?): nothing could be read'] : [];
  return { text, warnings };
}
