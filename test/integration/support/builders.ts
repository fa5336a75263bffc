/**
 * Test data builders for the HTTP API: valid by default, fresh ids on every build, and only what
 * a test is about spelled out.
 *
 *   const org = await anOrg().withRecipients(3).create(stack);
 *   const directive = await aDirective(org).to(org.recipients[0], 'lead').withReview().issue(stack);
 */
import { randomBytes } from 'node:crypto';
import { asAdmin, asClerk, expectStatus, type DirectiveView, type UnitView } from './api';
import type { Stack } from './stack';

/** A short random suffix: unit ids, directive numbers and actors never collide between tests. */
export function unique(): string {
  return randomBytes(4).toString('hex');
}

/**
 * A random upper-case word for unit names the công văn reader must tell apart between tests:
 * letters only (digits would read as numbers) and no Roman numerals (they would read as section
 * numbers). 17^6 ≈ 24 million words, so two tests on one stack never share one.
 */
export function uniqueWord(length = 6): string {
  const letters = 'ABEFGHJKNPQRSTUWY';
  return Array.from(randomBytes(length), (byte) => letters[byte % letters.length]).join('');
}

/** An instant `ms` from now, as the API expects it (ISO-8601 with an offset). */
export function isoIn(ms: number, from = Date.now()): string {
  return new Date(from + ms).toISOString();
}

export const SECOND = 1_000;
export const DAY = 86_400_000;

/** A unit as POST /units takes it. */
export interface UnitInput {
  id: string;
  name: string;
  level: 'central' | 'province' | 'district' | 'commune' | 'agency';
  parentId?: string | null;
  kind?: string | null;
  coordinatingUnitId?: string | null;
  escalationGrace?: string | null;
  actsForSubUnits?: boolean;
}

/**
 * A small organisation of its own for one test: a province party committee whose steering
 * committee (BCĐ 35) coordinates, its propaganda board issuing, and districts receiving.
 */
export interface Org {
  prefix: string;
  /** `<prefix>/tinh-uy`, root of the tree; its coordinatingUnitId is the steering committee. */
  province: string;
  /** `<prefix>/tinh-uy/bcd35`: receives escalations for directives issued under the province. */
  coordinator: string;
  /** `<prefix>/tinh-uy/ban-tuyen-giao`: issues the directives; inherits the coordinator. */
  issuer: string;
  /** `<prefix>/huyen-<n>`: the recipient units. */
  recipients: string[];
  /** `<prefix>/so-<n>`: units that exist but are named in no directive (reassignment targets). */
  spares: string[];
}

/** Builds and creates an {@link Org}. */
export class OrgBuilder {
  private recipientCount = 3;
  private spareCount = 1;

  withRecipients(count: number): this {
    this.recipientCount = count;
    return this;
  }

  withSpares(count: number): this {
    this.spareCount = count;
    return this;
  }

  /** The units, parents listed after children on purpose (the API accepts any order in one batch). */
  build(): { org: Org; units: UnitInput[] } {
    const prefix = `t${unique()}`;
    const province = `${prefix}/tinh-uy`;
    const coordinator = `${province}/bcd35`;
    const issuer = `${province}/ban-tuyen-giao`;
    const recipients = Array.from(
      { length: this.recipientCount },
      (_, i) => `${prefix}/huyen-${String(i + 1).padStart(4, '0')}`,
    );
    const spares = Array.from({ length: this.spareCount }, (_, i) => `${prefix}/so-${i + 1}`);
    const units: UnitInput[] = [
      {
        id: coordinator,
        name: 'Ban Chỉ đạo 35 Tỉnh ủy',
        level: 'agency',
        parentId: province,
        kind: 'steering-committee',
      },
      { id: issuer, name: 'Ban Tuyên giáo Tỉnh ủy', level: 'agency', parentId: province, kind: 'party-board' },
      ...recipients.map((id, i) => ({ id, name: `Huyện ủy ${i + 1}`, level: 'district' as const, parentId: province })),
      ...spares.map((id, i) => ({ id, name: `Sở ${i + 1}`, level: 'agency' as const, parentId: province })),
      { id: province, name: 'Tỉnh ủy', level: 'province', coordinatingUnitId: coordinator },
    ];
    return { org: { prefix, province, coordinator, issuer, recipients, spares }, units };
  }

  /** Creates the units through POST /units, as an administrator. */
  async create(stack: Stack): Promise<Org> {
    const { org, units } = this.build();
    for (let i = 0; i < units.length; i += 5_000) {
      expectStatus(
        await stack.http.post<{ items: UnitView[] }>('/units', { units: units.slice(i, i + 5_000) }, asAdmin()),
        200,
        'POST /units',
      );
    }
    return org;
  }
}

/** A fresh organisation builder: three recipients and one spare unless told otherwise. */
export function anOrg(): OrgBuilder {
  return new OrgBuilder();
}

export type Role = 'lead' | 'coordinate' | 'inform';

/** An assignment as POST /directives takes it. */
export interface AssignmentInput {
  unitId: string;
  role: Role;
  instructions: string;
  dueAt: string;
}

/** The reminder policy as POST /directives takes it. */
export interface ReminderPolicyInput {
  /** ISO-8601 durations, or working days of the stored calendar. */
  before?: (string | { workingDays: number })[];
  atDeadline?: boolean;
  overdueEvery?: string | null;
  escalateAfter?: string | { workingDays: number } | null;
}

/** A policy under which nothing fires during a test: no reminders, no overdue notices, no escalation. */
export const QUIET_POLICY: ReminderPolicyInput = {
  before: [],
  atDeadline: false,
  overdueEvery: null,
  escalateAfter: null,
};

/** Builds the body of POST /directives and issues it. */
export class DirectiveBuilder {
  private number = `${Math.floor(Math.random() * 9000) + 1000}-CV/${unique().toUpperCase()}`;
  private subject = 'V/v tổ chức thực hiện Nghị quyết 35-NQ/TW';
  private defaultDueAt = isoIn(30 * DAY);
  private policy: ReminderPolicyInput | undefined = QUIET_POLICY;
  private assignments: (Omit<AssignmentInput, 'dueAt'> & { dueAt?: string })[] = [];
  private extra: Record<string, unknown> = {};

  constructor(private readonly org: Org) {}

  /** Assigns a unit; without `dueAt` it takes the directive's default deadline. */
  to(unitId: string, role: Role = 'lead', dueAt?: string): this {
    this.assignments.push({
      unitId,
      role,
      instructions: `Triển khai thực hiện (${role})`,
      ...(dueAt !== undefined ? { dueAt } : {}),
    });
    return this;
  }

  /** Assigns every unit given, with one role. */
  toAll(unitIds: string[], role: Role = 'lead'): this {
    for (const unitId of unitIds) this.to(unitId, role);
    return this;
  }

  /** The deadline of assignments that name none. */
  dueAt(iso: string): this {
    this.defaultDueAt = iso;
    return this;
  }

  numbered(number: string): this {
    this.number = number;
    return this;
  }

  withReview(): this {
    this.extra.reviewRequired = true;
    return this;
  }

  /** A reminder policy; `undefined` leaves it out so the product default applies. */
  withPolicy(policy: ReminderPolicyInput | undefined): this {
    this.policy = policy;
    return this;
  }

  /** Any other top-level fields (coordinatingUnitId, parentDirectiveId, body, ...). */
  with(fields: Record<string, unknown>): this {
    this.extra = { ...this.extra, ...fields };
    return this;
  }

  build(): Record<string, unknown> {
    const assignments =
      this.assignments.length > 0
        ? this.assignments
        : [{ unitId: this.org.recipients[0]!, role: 'lead' as const, instructions: 'Triển khai thực hiện' }];
    return {
      number: this.number,
      issuerUnitId: this.org.issuer,
      subject: this.subject,
      issuedAt: new Date().toISOString(),
      ...(this.policy !== undefined ? { reminderPolicy: this.policy } : {}),
      ...this.extra,
      assignments: assignments.map((a) => ({ ...a, dueAt: a.dueAt ?? this.defaultDueAt })),
    };
  }

  /** POST /directives as a clerk of the issuing unit, expecting 201. */
  async issue(stack: Stack, actor = 'van.thu'): Promise<DirectiveView> {
    const body = this.build();
    return expectStatus(
      await stack.http.post<DirectiveView>('/directives', body, asClerk(String(body.issuerUnitId), actor)),
      201,
      'POST /directives',
    );
  }
}

/** A directive from the org's issuer; with no recipients named, one lead task for the first recipient. */
export function aDirective(org: Org): DirectiveBuilder {
  return new DirectiveBuilder(org);
}

/** A công văn for the intake: who sends it, its number and opening line, and its two recipients. */
export interface LetterInput {
  /** The two heading lines: the body above and the issuing body. */
  heading: [string, string];
  number: string;
  opening: string;
  /** The unit that leads (tuyên truyền) and the unit that takes part (rà soát), by name. */
  recipients: [string, string];
  /** Lines after "Nơi nhận" (signature block). */
  closing?: string[];
}

/** The text of a short công văn, shaped like the sample documents, naming `tag` in its subject and date line. */
export function aLetter(
  tag: string,
  { heading, number, opening, recipients: [lead, partner], closing = [] }: LetterInput,
): string {
  return [
    `**${heading[0]}**`,
    `**${heading[1]}**`,
    '',
    `Số: ${number}`,
    `V/v triển khai công tác tuyên truyền ${tag}`,
    '',
    `Thử ${tag}, ngày 05 tháng 3 năm 2026`,
    '',
    'Kính gửi:',
    `- ${lead};`,
    `- ${partner}.`,
    '',
    opening,
    '',
    `1. ${lead}`,
    '',
    '- Chủ trì tổ chức tuyên truyền trên trang thông tin điện tử.',
    '',
    `2. ${partner}`,
    '',
    '- Phối hợp rà soát, xử lý vi phạm trên không gian mạng.',
    '',
    'Nơi nhận:',
    '- Như trên;',
    '- Lưu: VT.',
    ...closing,
  ].join('\n');
}
