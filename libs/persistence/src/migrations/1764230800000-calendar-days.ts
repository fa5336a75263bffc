import type { MigrationInterface, QueryRunner } from 'typeorm';
import { announcedDaysOfTable, vietnamCalendarTable } from '@dondoc/domain';

/** The document each shipped year's schedule was announced in (the table's note gives the detail). */
const SEED_SOURCES: Readonly<Record<string, string>> = {
  '2024': 'Thông báo lịch nghỉ năm 2024 của Bộ Lao động - Thương binh và Xã hội',
  '2025': 'Công văn 8726/VPCP-KGVX',
  '2026': 'Công văn 12729/VPCP-KGVX; Quyết định của Thủ tướng Chính phủ tháng 10/2025',
};

/**
 * Announced calendar days, editable by administrators, seeded with the 2024–2026 schedules
 * shipped in vn-calendar.json. `calendar_revision` counts edits, so every API replica can tell
 * with one row read whether its cached calendar is still current.
 */
export class CalendarDays1764230800000 implements MigrationInterface {
  name = 'CalendarDays1764230800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE calendar_days (
        date date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('day_off', 'working_day')),
        name text NOT NULL,
        source text,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE TABLE calendar_revision (id smallint PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL)`);
    await db.query(`INSERT INTO calendar_revision (id, revision) VALUES (1, 1)`);
    for (const day of announcedDaysOfTable(vietnamCalendarTable)) {
      await db.query(
        `INSERT INTO calendar_days (date, kind, name, source, updated_by) VALUES ($1, $2, $3, $4, 'system')`,
        [day.date, day.kind, day.name, SEED_SOURCES[day.date.slice(0, 4)] ?? null],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE calendar_revision`);
    await db.query(`DROP TABLE calendar_days`);
  }
}
