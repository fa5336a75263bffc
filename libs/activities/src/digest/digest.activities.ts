/**
 * The daily digest's activities: when the next one goes out (from the calendar in PostgreSQL, so
 * an announced holiday counts from the moment it is saved), which units have digest contacts, and
 * the sending of one page of units' digests. Each e-mail is recorded per contact and day in
 * `digest_sends` under a row lock, so a retried or concurrent attempt never sends a digest that
 * went out; only a crash between the SMTP server's acceptance and the commit sends it again, with
 * the same Message-ID (at least once, recognisably).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { WorkingCalendar, nextDigestDay, type AnnouncedDay, type ContactTopic, type DigestDay } from '@dondoc/domain';
import { renderDigestEmail, type EmailTemplates, type SmtpSender } from '@dondoc/delivery';
import { readUnitDigestItems, type UnitDigestItems } from './digest-items';

/** What the digest activities reach besides PostgreSQL. */
export interface DigestDependencies {
  /** The worker's one SMTP sender (libs/delivery). */
  smtp: SmtpSender;
  templates: EmailTemplates;
  /** `DONDOC_PUBLIC_URL`: the base of each task's link. */
  publicUrl: string;
  /** `DONDOC_DIGEST_AT` as minutes after midnight, Vietnam time. */
  digestAtMinute: number;
}

/** One page of units to send the digest of, for one day. */
export interface SendUnitDigestsInput {
  unitIds: string[];
  /** The digest's day (`YYYY-MM-DD`, Vietnam): with the contact, what makes it go out once. */
  date: string;
  /** The instant the lists are read as of (epoch ms): the digest's planned time. */
  at: number;
}

/** What a page of digests did: e-mails accepted, sent before (skipped), refused for good, units with nothing to say. */
export interface SendUnitDigestsResult {
  sent: number;
  alreadySent: number;
  rejected: number;
  quietUnits: number;
}

interface DigestContactRow {
  id: string;
  email: string;
  topics: string[];
}

/** Builds the digest activities over a data source, an SMTP sender and the templates. */
export function createDigestActivities(dataSource: DataSource, deps: DigestDependencies) {
  const linkOf = (taskId: string): string => `${deps.publicUrl.replace(/\/+$/, '')}/tasks/${taskId}`;
  return {
    /** The first digest day strictly after `after` (epoch ms), on the calendar as it is now. */
    async planNextDigest(input: { after: number }): Promise<DigestDay> {
      return nextDigestDay(input.after, deps.digestAtMinute, await readCalendar(dataSource.manager));
    },

    /** Up to `limit` units with a digest contact, in id order after `afterUnitId`. */
    async listDigestUnits(input: { afterUnitId: string | null; limit: number }): Promise<string[]> {
      const rows = (await dataSource.query(
        `SELECT DISTINCT unit_id FROM unit_contacts
          WHERE mode = 'digest' AND ($1::text IS NULL OR unit_id > $1) ORDER BY unit_id LIMIT $2`,
        [input.afterUnitId, input.limit],
      )) as { unit_id: string }[];
      return rows.map((row) => row.unit_id);
    },

    /**
     * Sends the day's digest to every digest contact of each unit: the unit's lists as of `at`,
     * narrowed to the contact's topics; nothing to a contact with nothing to say. An SMTP failure
     * that may pass fails the activity (it is retried; what went out is skipped), a refusal is
     * recorded and not retried.
     */
    async sendUnitDigests(input: SendUnitDigestsInput): Promise<SendUnitDigestsResult> {
      const calendar = await readCalendar(dataSource.manager);
      const result: SendUnitDigestsResult = { sent: 0, alreadySent: 0, rejected: 0, quietUnits: 0 };
      for (const unitId of input.unitIds) {
        const [unit] = (await dataSource.query(`SELECT name FROM units WHERE id = $1`, [unitId])) as { name: string }[];
        if (unit === undefined) continue;
        const items = await readUnitDigestItems(dataSource.manager, unitId, input.at, calendar, linkOf);
        const contacts = (await dataSource.query(
          `SELECT id, email, topics FROM unit_contacts WHERE unit_id = $1 AND mode = 'digest' ORDER BY id`,
          [unitId],
        )) as DigestContactRow[];
        let told = false;
        for (const contact of contacts) {
          const email = renderDigestEmail(deps.templates, {
            unitName: unit.name,
            at: input.at,
            ...itemsFor(contact.topics, items),
          });
          if (email === undefined) continue;
          told = true;
          const outcome = await sendOnce(dataSource, deps.smtp, contact, input.date, email);
          result[outcome] += 1;
        }
        if (!told) result.quietUnits += 1;
      }
      return result;
    },
  };
}

/** What the digest workflow proxies (by type only). */
export type DigestActivities = ReturnType<typeof createDigestActivities>;

/** The stable id of one contact's digest of one day: the Message-ID is derived from it. */
export function digestDeliveryId(contactId: string, date: string): string {
  return `digest/${contactId}/${date}`;
}

/** A contact's topics say which lists it receives: `reminder`, `overdue`, `escalation`, or `all`. */
function itemsFor(topics: readonly string[], items: UnitDigestItems): UnitDigestItems {
  const wants = (topic: ContactTopic): boolean => topics.includes('all') || topics.includes(topic);
  return {
    dueSoon: wants('reminder') ? items.dueSoon : [],
    overdue: wants('overdue') ? items.overdue : [],
    escalations: wants('escalation') ? items.escalations : [],
  };
}

/**
 * Sends one contact's digest of one day unless it went out: the row is locked while the e-mail
 * is sent, so a second attempt at the same time skips it rather than sending it too.
 */
async function sendOnce(
  dataSource: DataSource,
  smtp: SmtpSender,
  contact: DigestContactRow,
  date: string,
  email: { subject: string; text: string; html: string },
): Promise<'sent' | 'alreadySent' | 'rejected'> {
  return dataSource.transaction(async (db) => {
    await db.query(
      `INSERT INTO digest_sends (contact_id, digest_date, email, status) VALUES ($1, $2, $3, 'pending')
        ON CONFLICT (contact_id, digest_date) DO NOTHING`,
      [contact.id, date, contact.email],
    );
    const [row] = (await db.query(
      `SELECT status FROM digest_sends WHERE contact_id = $1 AND digest_date = $2 FOR UPDATE SKIP LOCKED`,
      [contact.id, date],
    )) as { status: string }[];
    // Locked by another attempt sending it now, or done: either way not ours to send.
    if (row === undefined || row.status !== 'pending') return 'alreadySent';
    const outcome = await smtp.send({ ...email, to: contact.email, deliveryId: digestDeliveryId(contact.id, date) });
    if (outcome.outcome === 'retry') {
      throw ApplicationFailure.retryable(
        `SMTP did not take the digest for ${contact.email}: ${outcome.reply}`,
        'SmtpRetry',
      );
    }
    await recordOutcome(db, contact.id, date, outcome.outcome === 'delivered' ? 'sent' : 'rejected', outcome.reply);
    return outcome.outcome === 'delivered' ? 'sent' : 'rejected';
  });
}

async function recordOutcome(
  db: EntityManager,
  contactId: string,
  date: string,
  status: 'sent' | 'rejected',
  reply: string,
): Promise<void> {
  await db.query(
    `UPDATE digest_sends SET status = $3, smtp_reply = $4, sent_at = now() WHERE contact_id = $1 AND digest_date = $2`,
    [contactId, date, status, reply],
  );
}

/** The working calendar as the API serves it: the statutory rules and the announced days in PostgreSQL. */
async function readCalendar(db: EntityManager): Promise<WorkingCalendar> {
  const announced = (await db.query(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name, source FROM calendar_days ORDER BY date`,
  )) as AnnouncedDay[];
  return WorkingCalendar.of(announced);
}
