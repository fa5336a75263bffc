/**
 * The API's answers as the console reads them: the types generated from the API's OpenAPI
 * document (`npm run openapi:generate` writes schema.d.ts), under the names the screens use.
 * The intake draft keeps a narrower hand-written view, since the console edits it and sends it back.
 */
import type { TaskAction, TaskStatus } from '@domain/task-state';
import type { components } from './schema';

type Schemas = components['schemas'];

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

export type TaskView = Schemas['TaskResponse'];

export type TaskEventView = Schemas['TaskEventResponse'];

export type DirectiveView = Schemas['DirectiveResponse'];

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

export type UnitView = Schemas['UnitResponse'];

export type NotificationView = Schemas['NotificationResponse'];

export type ConsoleSettingsView = Schemas['ConsoleSettingsView'];

export type Role = 'officer' | 'clerk' | 'supervisor' | 'admin';

export interface DevSignInOptions {
  people: { sub: string; unitId: string; roles: Role[] }[];
  units: { id: string; name: string; parentId: string | null }[];
  roles: Role[];
}

export type { TaskAction, TaskStatus };

export type EscalationView = Schemas['EscalationResponse'];

export type ImportResult = Schemas['ImportResultResponse'];

export type UnitTreeNode = Schemas['UnitTreeNodeResponse'];

export type ListedExtensionRequestView = Schemas['ListedExtensionRequestResponse'];

export type ExtensionRequestView = Schemas['ExtensionRequestResponse'];

export type CommentView = Schemas['CommentView'];

export type AttachmentView = Schemas['AttachmentView'];
export type CascadeTreeView = Schemas['CascadeTreeResponse'];

export type CascadeDirectiveNode = Schemas['DirectiveNodeResponse'];

export type CascadeTaskNode = Schemas['TaskNodeResponse'];

export type CascadeCounts = Schemas['RollupCountsResponse'];

export type UnitStatisticsReport = Schemas['UnitStatisticsReportResponse'];

export type UnitStatisticsRow = Schemas['UnitStatisticsResponse'];

export type AuditRecordView = Schemas['AuditRecordResponse'];

export type AuditVerificationView = Schemas['AuditVerificationResponse'];
