/**
 * What a unit's contact must be, said once for the API's bodies and for the units' import: the
 * same problem in the same words whichever way the contact arrives.
 */
import { isEmail } from 'class-validator';
import { CONTACT_TOPICS } from '@dondoc/domain';
import { CONTACT_MODES, type ContactMode, type ContactTopicChoice } from '@dondoc/persistence';

/** Every topic a contact may name: the catalogue's topics, or `all` alone. */
export const CONTACT_TOPIC_CHOICES: readonly ContactTopicChoice[] = [...CONTACT_TOPICS, 'all'];

/** The longest name and address kept (an address is at most 254 characters, RFC 5321). */
export const CONTACT_NAME_MAX = 200;
export const CONTACT_EMAIL_MAX = 254;

/** A field's problem, as a 400 lists it. */
export interface ContactProblem {
  field: string;
  problem: string;
}

/** The problem with an e-mail address, or null when it is one (validator.js's check, no display name). */
export function emailProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > CONTACT_EMAIL_MAX) return `must be at most ${CONTACT_EMAIL_MAX} characters`;
  return isEmail(value) ? null : 'must be an e-mail address such as van.thu@backan.gov.vn';
}

/**
 * The problem with a contact's topics, or null: a non-empty list of `CONTACT_TOPICS`, each once,
 * or exactly `['all']` (`all` beside a topic would say two things at once).
 */
export function topicsProblem(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0)
    return `must be a non-empty list of: ${CONTACT_TOPIC_CHOICES.join(', ')}`;
  const unknown = value.filter((topic) => !(CONTACT_TOPIC_CHOICES as readonly unknown[]).includes(topic));
  if (unknown.length > 0)
    return `must be one of: ${CONTACT_TOPIC_CHOICES.join(', ')} (got ${unknown.map(String).join(', ')})`;
  if (new Set(value).size !== value.length) return 'names a topic twice';
  if (value.includes('all') && value.length > 1) return 'must be ["all"] alone, or topics without "all"';
  return null;
}

/** The problem with a mode, or null for `each` or `digest`. */
export function modeProblem(value: unknown): string | null {
  return (CONTACT_MODES as readonly unknown[]).includes(value) ? null : `must be one of: ${CONTACT_MODES.join(', ')}`;
}

/** The problem with a contact's name, or null: text of 1 to {@link CONTACT_NAME_MAX} characters. */
export function nameProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.trim() === '') return 'must not be empty';
  return value.length > CONTACT_NAME_MAX ? `must be at most ${CONTACT_NAME_MAX} characters` : null;
}

/** A contact as it is written and exported: every field spelled out. */
export interface ContactRecord {
  name: string;
  email: string;
  topics: ContactTopicChoice[];
  mode: ContactMode;
}

/**
 * Reads one contact of an import (a plain object) under `prefix` (`units[2].contacts[0]`),
 * adding its problems; `mode` defaults to `each`. Addresses named twice within a unit are
 * refused here, since the database would refuse the whole import for it.
 */
export function contactRecordOf(plain: unknown, prefix: string, problems: ContactProblem[]): ContactRecord | undefined {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    problems.push({ field: prefix, problem: 'must be an object' });
    return undefined;
  }
  const fields = plain as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(fields))
    if (!['name', 'email', 'topics', 'mode'].includes(key))
      problems.push({ field: `${prefix}.${key}`, problem: 'is not a known field' });
  const mode = fields.mode ?? 'each';
  const checks: [string, unknown, (value: unknown) => string | null][] = [
    ['name', fields.name, nameProblem],
    ['email', fields.email, emailProblem],
    ['topics', fields.topics, topicsProblem],
    ['mode', mode, modeProblem],
  ];
  for (const [field, value, problemOf] of checks) {
    const problem = value === undefined ? 'is required' : problemOf(value);
    if (problem !== null) problems.push({ field: `${prefix}.${field}`, problem });
  }
  if (problems.length > before) return undefined;
  return {
    name: (fields.name as string).trim(),
    email: fields.email as string,
    topics: fields.topics as ContactTopicChoice[],
    mode: mode as ContactMode,
  };
}

/** Adds a problem for each address a list names a second time (compared without case). */
export function duplicateEmailProblems(
  contacts: readonly { email: string }[],
  fieldOf: (index: number) => string,
): ContactProblem[] {
  const seen = new Set<string>();
  const problems: ContactProblem[] = [];
  contacts.forEach((contact, i) => {
    const key = contact.email.toLowerCase();
    if (seen.has(key)) problems.push({ field: fieldOf(i), problem: `names ${contact.email} a second time` });
    seen.add(key);
  });
  return problems;
}
