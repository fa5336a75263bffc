/**
 * The API's answers as the console reads them. Written by hand from the API's views until the
 * client generated from the OpenAPI document (issue 14, part A: src/api/schema.d.ts) replaces it.
 */
import type { TaskAction, TaskEventAction, TaskRole, TaskStatus } from '@domain/task-state';

/** One page of a list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The one shape of every error answer. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: { field: string; problem: string }[];
  details?: Record<string, unknown>;
}

export interface TaskView {
  id: string;
  directiveId: string;
  unitId: string;
  role: TaskRole;
  instructions: string;
  period: number | null;
  status: TaskStatus;
  dueAt: string;
  originalDueAt: string;
  overdue: boolean;
  escalated: boolean;
  progress: { percent: number; note: string | null };
  report: string | null;
  returnReason: string | null;
  acknowledgedAt: string | null;
  submittedAt: string | null;
  completedAt: string | null;
}

export interface TaskEventView {
  sequence: number;
  actor: string;
  action: TaskEventAction;
  fromStatus: TaskStatus | null;
  toStatus: TaskStatus;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface DirectiveView {
  id: string;
  number: string;
  issuerUnitId: string;
  subject: string;
  issuedAt: string;
  reviewRequired: boolean;
  status: 'active' | 'withdrawn';
  progress?: { total: number; active: number; byStatus: Partial<Record<TaskStatus, number>>; overdue: number };
}

/** A name in a letter and the unit(s) the reader matched it to. */
export interface UnitMatch {
  text: string;
  unitId: string | null;
  candidates?: string[];
  unitIds?: string[];
}

/** The intake reader's draft, as far as the console shows and corrects it (the rest goes back untouched). */
export interface DirectiveDraft {
  reference: string | null;
  type: string | null;
  issuer: { name: string | null; parent: string | null };
  issuedOn: string | null;
  subject: string | null;
  sections: { number: string; units: string[]; instructions: string[]; role: 'lead' | 'coordinate' | null }[];
  matches: UnitMatch[];
  warnings: string[];
  [field: string]: unknown;
}

export interface ReadLetter {
  draft: DirectiveDraft;
  proposal: { unmatched: { field: string; text: string }[] };
}

export interface UnitView {
  id: string;
  name: string;
  parentId: string | null;
}

export interface NotificationView {
  id: string;
  unitId: string;
  taskId: string;
  directiveId: string;
  kind: 'reminder' | 'overdue' | 'escalation';
  message: string;
  scheduledFor: string;
  createdAt: string;
}

export interface ConsoleSettingsView {
  authMode: 'local' | 'oidc';
  devSignIn: boolean;
  oidc: { authority: string; clientId: string; scope: string } | null;
  unitClaim: string;
  rolesClaim: string;
}

export type Role = 'officer' | 'clerk' | 'supervisor' | 'admin';

export interface DevSignInOptions {
  people: { sub: string; unitId: string; roles: Role[] }[];
  units: { id: string; name: string; parentId: string | null }[];
  roles: Role[];
}

export type { TaskAction, TaskStatus };

export interface EscalationView {
  id: string;
  taskId: string;
  directiveId: string;
  unitId: string;
  coordinatingUnitId: string;
  level: number;
  currentCoordinatingUnitId: string;
  openedAt: string;
  status: 'open' | 'resolved' | 'closed';
}
