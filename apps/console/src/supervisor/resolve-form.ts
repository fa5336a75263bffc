import { ESCALATION_ACTIONS, type EscalationAction } from '@domain/escalation-chain';
import { parseVietnameseDate } from '../format/time';

export { ESCALATION_ACTIONS, type EscalationAction };

/** What the resolve dialog holds while the supervisor fills it in. */
export interface ResolveInput {
  action: EscalationAction;
  dueDate: string;
  toUnitId: string | null;
  note: string;
}

/** The body of POST /escalations/:id/resolve, or the problems to show beside the inputs first. */
export type ResolveCheck =
  | { ok: true; body: { action: EscalationAction; dueAt?: string; toUnitId?: string; note?: string } }
  | { ok: false; problems: Partial<Record<'dueAt' | 'toUnitId', 'needDueAt' | 'needUnit'>> };

/**
 * Checks the dialog before sending, as the API would: extending needs a new deadline, reassigning a
 * unit (its deadline may stay). The API checks again and its 400 is shown the same way.
 */
export function checkResolve(input: ResolveInput): ResolveCheck {
  const dueAt = parseVietnameseDate(input.dueDate);
  const problems: Partial<Record<'dueAt' | 'toUnitId', 'needDueAt' | 'needUnit'>> = {};
  if (input.action === 'extend' && dueAt === null) problems.dueAt = 'needDueAt';
  if (input.action === 'reassign' && (input.toUnitId === null || input.toUnitId === '')) problems.toUnitId = 'needUnit';
  if (input.action === 'reassign' && input.dueDate.trim() !== '' && dueAt === null) problems.dueAt = 'needDueAt';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    body: {
      action: input.action,
      ...(dueAt !== null && (input.action === 'extend' || input.action === 'reassign') ? { dueAt } : {}),
      ...(input.action === 'reassign' && input.toUnitId !== null ? { toUnitId: input.toUnitId } : {}),
      ...(input.note.trim() === '' ? {} : { note: input.note.trim() }),
    },
  };
}
