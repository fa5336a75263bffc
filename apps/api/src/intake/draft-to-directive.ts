/**
 * Turns a (possibly edited) intake draft into the body POST /directives takes. Pure: every
 * problem is reported with the draft field it comes from, so the clerk knows what to fix.
 */
import type { DirectiveDraft } from '@dondoc/intake';
import type { ReminderPolicy } from '@dondoc/domain';

/** What the clerk adds to the draft when confirming it. */
export interface ConfirmChoices {
  issuerUnitId: string;
  /** Deadline for every assignment without its own in `dueAtByUnit`. */
  dueAt?: string;
  dueAtByUnit?: Record<string, string>;
  coordinatingUnitId?: string;
  parentDirectiveId?: string;
  reviewRequired?: boolean;
  reminderPolicy?: Partial<ReminderPolicy>;
}

/** The directive body proposed from a draft, before due dates are known. */
export interface ProposedDirective {
  number: string | null;
  subject: string | null;
  issuedAt: string | null;
  body: string;
  assignments: { unitId: string; role: 'lead' | 'coordinate'; instructions: string }[];
  /** Names the reader could not match to a unit; each must be matched before confirming. */
  unmatched: { field: string; text: string }[];
}

/** Default instruction for an addressee that no numbered section names. */
const AS_IN_THE_LETTER = 'Thực hiện theo nội dung công văn.';

/** Proposes assignments: one per matched unit, its sections' instructions joined, lead unless only "phối hợp". */
export function proposeDirective(draft: DirectiveDraft): ProposedDirective {
  // Matches are keyed by the text as printed; a section may repeat an addressee in other case.
  const byText = new Map(draft.matches.map((m) => [m.text.toLocaleLowerCase('vi'), m]));
  const assignments = new Map<string, { unitId: string; role: 'lead' | 'coordinate'; instructions: string[] }>();
  const unmatched: { field: string; text: string }[] = [];
  const reported = new Set<string>();

  const assign = (unitId: string, role: 'lead' | 'coordinate' | null, instructions: string[]): void => {
    const current = assignments.get(unitId);
    if (current) {
      current.instructions.push(...instructions);
      if (role === 'lead') current.role = 'lead';
    } else {
      assignments.set(unitId, { unitId, role: role ?? 'lead', instructions: [...instructions] });
    }
  };
  const unitIdsOf = (text: string, addressedAs?: string | null): string[] => {
    const match =
      byText.get(text.toLocaleLowerCase('vi')) ??
      (addressedAs ? byText.get(addressedAs.toLocaleLowerCase('vi')) : undefined);
    if (match?.unitIds && match.unitIds.length > 0) return match.unitIds;
    return match?.unitId ? [match.unitId] : [];
  };

  draft.sections.forEach((section, i) => {
    section.units.forEach((text, k) => {
      const addressedAs = section.addressedAs?.[k];
      const ids = unitIdsOf(text, addressedAs);
      if (ids.length === 0) {
        unmatched.push({ field: `draft.sections[${i}].units[${k}]`, text });
        reported.add(text.toLocaleLowerCase('vi'));
        if (addressedAs) reported.add(addressedAs.toLocaleLowerCase('vi'));
      }
      for (const id of ids) assign(id, section.role, section.instructions);
    });
  });
  draft.addressees.forEach((text, i) => {
    const ids = unitIdsOf(text);
    // An addressee a section already reported is one name to fix, not two.
    if (ids.length === 0 && !reported.has(text.toLocaleLowerCase('vi')))
      unmatched.push({ field: `draft.addressees[${i}]`, text });
    for (const id of ids) if (!assignments.has(id)) assign(id, 'lead', [AS_IN_THE_LETTER]);
  });

  const body = draft.sections
    .map((s) =>
      [`${s.number}. ${s.heading ?? s.units.join('; ')}`, ...s.instructions.map((line) => `- ${line}`)].join('\n'),
    )
    .join('\n\n');
  return {
    number: draft.reference,
    subject: draft.subject,
    issuedAt: draft.issuedOn,
    body,
    assignments: [...assignments.values()].map((a) => ({
      unitId: a.unitId,
      role: a.role,
      instructions: a.instructions.join('\n'),
    })),
    unmatched,
  };
}

/** Builds the POST /directives body, or the list of what is missing. */
export function directiveFromDraft(
  draft: DirectiveDraft,
  choices: ConfirmChoices,
): { body: Record<string, unknown> } | { problems: { field: string; problem: string }[] } {
  const proposal = proposeDirective(draft);
  const problems: { field: string; problem: string }[] = [];
  if (!proposal.number)
    problems.push({
      field: 'draft.reference',
      problem: 'is required: the number and symbol as printed, e.g. 276-CV/TU',
    });
  if (!proposal.subject) problems.push({ field: 'draft.subject', problem: 'is required' });
  if (!proposal.issuedAt)
    problems.push({
      field: 'draft.issuedOn',
      problem: 'is required (YYYY-MM-DD): the date line was blank or unreadable',
    });
  for (const u of proposal.unmatched) {
    problems.push({
      field: u.field,
      problem: `"${u.text}" is not matched to a unit: set its unitId in draft.matches, or remove it`,
    });
  }
  if (proposal.assignments.length === 0 && proposal.unmatched.length === 0) {
    problems.push({ field: 'draft.sections', problem: 'name no unit: the directive needs at least one recipient' });
  }
  const assignments = proposal.assignments.map((a) => {
    const dueAt = choices.dueAtByUnit?.[a.unitId] ?? choices.dueAt;
    if (dueAt === undefined)
      problems.push({ field: `dueAtByUnit.${a.unitId}`, problem: 'is required (or give dueAt for every unit)' });
    return { ...a, dueAt };
  });
  if (problems.length > 0) return { problems };
  return {
    body: {
      number: proposal.number,
      issuerUnitId: choices.issuerUnitId,
      subject: proposal.subject,
      issuedAt: proposal.issuedAt,
      body: proposal.body,
      ...(choices.parentDirectiveId !== undefined ? { parentDirectiveId: choices.parentDirectiveId } : {}),
      ...(choices.coordinatingUnitId !== undefined ? { coordinatingUnitId: choices.coordinatingUnitId } : {}),
      ...(choices.reviewRequired !== undefined ? { reviewRequired: choices.reviewRequired } : {}),
      ...(choices.reminderPolicy !== undefined ? { reminderPolicy: choices.reminderPolicy } : {}),
      assignments,
    },
  };
}
