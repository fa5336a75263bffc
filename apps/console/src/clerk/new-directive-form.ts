import { TASK_ROLES, type TaskRole } from '@domain/task-state';
import { parseVietnameseDate } from '../format/time';

export { TASK_ROLES, type TaskRole };

/** How often a periodic report falls due, as the API's `recurrence.every` (ISO durations). */
export const RECURRENCE_EVERY = ['P1W', 'P1M', 'P3M', 'P6M', 'P1Y'] as const;

/** One unit the directive goes to, and what it does there. */
export interface Recipient {
  unitId: string;
  role: TaskRole;
}

/** What the new-directive form holds while the clerk fills it in (inputs as typed). */
export interface NewDirectiveInput {
  number: string;
  subject: string;
  /** `dd/mm/yyyy`, or empty for now. */
  issuedOn: string;
  instructions: string;
  recipients: Recipient[];
  deadlineMode: 'date' | 'workingDays';
  /** `dd/mm/yyyy` (the end of that working day) or `dd/mm/yyyy HH:mm`. */
  dueAt: string;
  workingDays: number | string;
  /** Working days before the deadline, comma-separated ("3, 1"); empty: no early reminder. */
  remindBefore: string;
  remindAtDeadline: boolean;
  /** Days between overdue notices; empty: none. */
  overdueEveryDays: number | string;
  /** Working days after the deadline before escalating; empty: never. */
  escalateAfterDays: number | string;
  recurring: boolean;
  every: (typeof RECURRENCE_EVERY)[number];
  /** `dd/mm/yyyy`: the last day a period may fall due. */
  until: string;
  reviewRequired: boolean;
}

/** The form's inputs a problem can be shown under. */
export type FormField =
  | 'number'
  | 'subject'
  | 'issuedOn'
  | 'instructions'
  | 'recipients'
  | 'dueAt'
  | 'workingDays'
  | 'remindBefore'
  | 'overdueEveryDays'
  | 'escalateAfterDays'
  | 'until';

/** Keys of `newDirective.problems` in the messages: what the form says before it sends anything. */
export type FormProblem = 'required' | 'needRecipient' | 'badDate' | 'badDateTime' | 'badNumber' | 'badDays';

/** The body of POST /directives (what the form sends). */
export interface CreateDirectiveBody {
  number: string;
  issuerUnitId: string;
  subject: string;
  issuedAt: string;
  reviewRequired: boolean;
  reminderPolicy: {
    before: { workingDays: number }[];
    atDeadline: boolean;
    overdueEvery: string | null;
    escalateAfter: { workingDays: number } | null;
  };
  assignments: {
    unitId: string;
    role: TaskRole;
    instructions: string;
    dueAt?: string;
    dueIn?: { workingDays: number };
    recurrence?: { every: string; until: string };
  }[];
}

/** A new form: a lead recipient's deadline as a date, the reminders of the demo's policy. */
export function emptyForm(): NewDirectiveInput {
  return {
    number: '',
    subject: '',
    issuedOn: '',
    instructions: '',
    recipients: [],
    deadlineMode: 'date',
    dueAt: '',
    workingDays: 10,
    remindBefore: '3, 1',
    remindAtDeadline: true,
    overdueEveryDays: 1,
    escalateAfterDays: 2,
    recurring: false,
    every: 'P1M',
    until: '',
    reviewRequired: false,
  };
}

/** The body to send, or the problems to show beside the inputs first (the API checks again). */
export type FormCheck =
  { ok: true; body: CreateDirectiveBody } | { ok: false; problems: Partial<Record<FormField, FormProblem>> };

/** Checks what the clerk typed and builds POST /directives' body from it. */
export function checkNewDirective(input: NewDirectiveInput, issuerUnitId: string, now: Date): FormCheck {
  const problems: Partial<Record<FormField, FormProblem>> = {};
  if (input.number.trim() === '') problems.number = 'required';
  if (input.subject.trim() === '') problems.subject = 'required';
  if (input.instructions.trim() === '') problems.instructions = 'required';
  if (input.recipients.length === 0) problems.recipients = 'needRecipient';
  const issuedOn = input.issuedOn.trim() === '' ? null : parseVietnameseDate(input.issuedOn);
  if (input.issuedOn.trim() !== '' && issuedOn === null) problems.issuedOn = 'badDate';
  const dueAt = input.deadlineMode === 'date' ? parseVietnameseDateTime(input.dueAt) : null;
  if (input.deadlineMode === 'date' && dueAt === null)
    problems.dueAt = input.dueAt.trim() === '' ? 'required' : 'badDateTime';
  const workingDays = wholeNumber(input.workingDays);
  if (input.deadlineMode === 'workingDays' && (workingDays === null || workingDays < 1))
    problems.workingDays = 'badNumber';
  const before = daysList(input.remindBefore);
  if (before === null) problems.remindBefore = 'badDays';
  const overdueEvery = optionalNumber(input.overdueEveryDays);
  if (overdueEvery === undefined) problems.overdueEveryDays = 'badNumber';
  const escalateAfter = optionalNumber(input.escalateAfterDays);
  if (escalateAfter === undefined) problems.escalateAfterDays = 'badNumber';
  const until = input.recurring ? parseVietnameseDate(input.until) : null;
  if (input.recurring && until === null) problems.until = input.until.trim() === '' ? 'required' : 'badDate';
  if (Object.keys(problems).length > 0 || before === null || overdueEvery === undefined || escalateAfter === undefined)
    return { ok: false, problems };
  const deadline =
    input.deadlineMode === 'date' && dueAt !== null ? { dueAt } : { dueIn: { workingDays: workingDays ?? 1 } };
  return {
    ok: true,
    body: {
      number: input.number.trim(),
      issuerUnitId,
      subject: input.subject.trim(),
      // A typed day of issue is that day's start in Vietnam: never "in the future" on the day itself.
      issuedAt: issuedOn === null ? now.toISOString() : `${issuedOn}T00:00:00+07:00`,
      reviewRequired: input.reviewRequired,
      reminderPolicy: {
        before: before.map((days) => ({ workingDays: days })),
        atDeadline: input.remindAtDeadline,
        overdueEvery: overdueEvery === null ? null : `P${overdueEvery}D`,
        escalateAfter: escalateAfter === null ? null : { workingDays: escalateAfter },
      },
      assignments: input.recipients.map((recipient) => ({
        unitId: recipient.unitId,
        role: recipient.role,
        instructions: input.instructions.trim(),
        ...deadline,
        ...(input.recurring && until !== null ? { recurrence: { every: input.every, until } } : {}),
      })),
    },
  };
}

/**
 * The form's input a field of the API's 400 belongs to: `assignments[1].dueAt` is the shared
 * deadline, `reminderPolicy.before[0]` the early reminders; null for a field no input shows.
 */
export function formFieldOf(apiField: string): FormField | null {
  const field = apiField.replace(/^assignments\[\d+\]\./, '');
  if (field === 'number' || field === 'subject' || field === 'instructions' || field === 'dueAt') return field;
  if (field === 'issuedAt') return 'issuedOn';
  if (field === 'assignments' || field === 'unitId' || field === 'role') return 'recipients';
  if (field.startsWith('dueIn')) return 'workingDays';
  if (field.startsWith('recurrence')) return 'until';
  if (field.startsWith('reminderPolicy.before')) return 'remindBefore';
  if (field.startsWith('reminderPolicy.overdueEvery')) return 'overdueEveryDays';
  if (field.startsWith('reminderPolicy.escalateAfter')) return 'escalateAfterDays';
  return null;
}

/** `dd/mm/yyyy` as the API's date (the end of that working day), or `dd/mm/yyyy HH:mm` as an instant in Vietnam. */
export function parseVietnameseDateTime(text: string): string | null {
  const match = /^\s*(\S+)(?:\s+(\d{1,2}):(\d{2}))?\s*$/.exec(text);
  if (match === null) return null;
  const [, dayText = '', hours, minutes] = match;
  const day = parseVietnameseDate(dayText);
  if (day === null) return null;
  if (hours === undefined || minutes === undefined) return day;
  if (Number(hours) > 23 || Number(minutes) > 59) return null;
  return `${day}T${hours.padStart(2, '0')}:${minutes}:00+07:00`;
}

function wholeNumber(value: number | string): number | null {
  const number = typeof value === 'number' ? value : Number(value.trim());
  return value === '' || !Number.isInteger(number) || number < 0 ? null : number;
}

/** A whole number of days, null for an empty input (none), undefined for anything else. */
function optionalNumber(value: number | string): number | null | undefined {
  if (value === '') return null;
  const number = wholeNumber(value);
  return number === null || number < 1 ? undefined : number;
}

function daysList(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const days = parts.map((part) => wholeNumber(part));
  return days.every((day): day is number => day !== null && day >= 1) ? days : null;
}
