import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { StatisticsCounts } from '@dondoc/domain';
import { csvField } from '../units/units-csv';
import type { UnitStatistics, UnitStatisticsReport } from './statistics.service';

/** One column of the report: its Vietnamese heading and how a row fills it. */
interface Column {
  heading: string;
  width: number;
  value: (row: UnitStatistics | null, counts: StatisticsCounts, index: number | null) => string | number | null;
  percent?: boolean;
  /** The unit id: kept for a machine that reads the file back, hidden from the meeting. */
  hidden?: boolean;
}

/** The report's columns, in order (exported for the tests, which read cells by heading). */
export const REPORT_COLUMNS: readonly Column[] = [
  { heading: 'STT', width: 6, value: (_row, _c, i) => i },
  { heading: 'Đơn vị', width: 40, value: (row) => row?.unitName ?? 'Tổng cộng' },
  { heading: 'Tổng số nhiệm vụ đến hạn', width: 14, value: (_r, c) => c.due },
  { heading: 'Hoàn thành đúng hạn', width: 14, value: (_r, c) => c.completedOnTime.byExtendedDeadline },
  { heading: 'Trong đó: đúng thời hạn ban đầu', width: 16, value: (_r, c) => c.completedOnTime.byOriginalDeadline },
  { heading: 'Hoàn thành quá hạn', width: 14, value: (_r, c) => c.completedLate },
  { heading: 'Đang thực hiện trong hạn', width: 14, value: (_r, c) => c.openWithinDeadline },
  { heading: 'Quá hạn', width: 10, value: (_r, c) => c.overdue },
  { heading: 'Được gia hạn', width: 10, value: (_r, c) => c.extended },
  { heading: 'Đã báo cáo cấp trên', width: 12, value: (_r, c) => c.escalated },
  { heading: 'Được miễn thực hiện', width: 12, value: (_r, c) => c.waived },
  { heading: 'Đã hủy', width: 10, value: (_r, c) => c.cancelled },
  { heading: 'Chuyển đơn vị khác', width: 12, value: (_r, c) => c.reassigned },
  { heading: 'Tỷ lệ đúng hạn', width: 12, value: (_r, c) => c.onTimeRate, percent: true },
  {
    heading: 'Tỷ lệ đúng thời hạn ban đầu',
    width: 14,
    value: (_r, c) => c.onTimeRateByOriginalDeadline,
    percent: true,
  },
  { heading: 'Mã đơn vị', width: 30, value: (row) => row?.unitId ?? null, hidden: true },
];

/** The report's title, in Vietnamese. */
export const REPORT_TITLE = 'BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ';

/** 2026-01-31 as a Vietnamese reader writes it: 31/01/2026. */
function vietnameseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** The title rows: what, over which period, within which scope, as of when. */
export function titleLines(report: UnitStatisticsReport): string[] {
  const asOf = new Date(report.asOf);
  const vn = new Date(asOf.getTime() + 7 * 3_600_000).toISOString();
  return [
    REPORT_TITLE,
    `Kỳ báo cáo: từ ngày ${vietnameseDate(report.period.from)} đến ngày ${vietnameseDate(report.period.to)} (theo thời hạn được giao ban đầu)`,
    report.scope.text,
    ...(report.scope.filters ? [`Lọc theo: ${report.scope.filters}`] : []),
    `Số liệu tính đến ${vn.slice(11, 16)} ngày ${vietnameseDate(vn.slice(0, 10))}`,
  ];
}

/** Every data row, then the totals row (index null). */
function* rowsOf(
  report: UnitStatisticsReport,
): Generator<{ row: UnitStatistics | null; counts: StatisticsCounts; index: number | null }> {
  let index = 0;
  for (const row of report.units) yield { row, counts: row, index: (index += 1) };
  yield { row: null, counts: report.totals, index: null };
}

/** Streams the report as an XLSX workbook to `out`; resolves once the workbook is complete. */
export async function writeXlsx(report: UnitStatisticsReport, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Dondoc';
  const sheet = workbook.addWorksheet('Thống kê', { views: [{ state: 'frozen', ySplit: 0 }] });
  sheet.columns = REPORT_COLUMNS.map((c) => ({ width: c.width, hidden: c.hidden === true }));
  const visibleColumns = REPORT_COLUMNS.filter((c) => c.hidden !== true).length;
  for (const [i, line] of titleLines(report).entries()) {
    const row = sheet.addRow([line]);
    row.font = i === 0 ? { bold: true, size: 14 } : { italic: i > 0 };
    sheet.mergeCells(row.number, 1, row.number, visibleColumns);
    row.commit();
  }
  sheet.addRow([]).commit();
  const heading = sheet.addRow(REPORT_COLUMNS.map((c) => c.heading));
  heading.font = { bold: true };
  heading.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  heading.commit();
  for (const { row, counts, index } of rowsOf(report)) {
    const line = sheet.addRow(REPORT_COLUMNS.map((c) => c.value(row, counts, index)));
    REPORT_COLUMNS.forEach((c, i) => {
      if (c.percent) line.getCell(i + 1).numFmt = '0.0%';
    });
    if (row === null) line.font = { bold: true };
    line.commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** A rate as a Vietnamese reader writes it: 42,9%; empty when there is none. */
export function formatPercent(rate: number | null): string {
  return rate === null ? '' : `${(rate * 100).toFixed(1).replace('.', ',')}%`;
}

/**
 * Streams the report as CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads the
 * diacritics): the title rows, an empty record, the headings, the rows and the totals.
 */
export async function writeCsv(report: UnitStatisticsReport, out: Writable): Promise<void> {
  const write = (fields: (string | number | null)[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const text = `${fields.map((f) => csvField(f === null ? null : String(f))).join(',')}\r\n`;
      if (out.write(text)) resolve();
      else out.once('drain', resolve).once('error', reject);
    });
  out.write('\uFEFF');
  for (const line of titleLines(report)) await write([line]);
  await write([]);
  await write(REPORT_COLUMNS.map((c) => c.heading));
  for (const { row, counts, index } of rowsOf(report)) {
    await write(
      REPORT_COLUMNS.map((c) =>
        c.percent ? formatPercent(c.value(row, counts, index) as number | null) : c.value(row, counts, index),
      ),
    );
  }
  out.end();
}

/**
 * Content-Disposition for a Vietnamese file name (RFC 6266 with RFC 5987's `filename*`): an
 * ASCII name without diacritics for old clients, and the UTF-8 name for the others.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The report's file name: "Thống kê nhiệm vụ 2026-01-01 đến 2026-12-31.xlsx". */
export function reportFileName(report: UnitStatisticsReport, extension: 'xlsx' | 'csv'): string {
  return `Thống kê nhiệm vụ ${report.period.from} đến ${report.period.to}.${extension}`;
}
