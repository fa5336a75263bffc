import type { DirectiveEntity } from '@dondoc/persistence';
import type { DirectiveProgressView, DirectiveView } from './directives.dto';

/** The API's picture of a directive row. */
export function directiveView(d: DirectiveEntity, progress?: DirectiveProgressView): DirectiveView {
  return {
    id: d.id,
    number: d.number,
    issuerUnitId: d.issuerUnitId,
    subject: d.subject,
    issuedAt: d.issuedAt.toISOString(),
    body: d.body,
    parentDirectiveId: d.parentDirectiveId,
    parentTaskId: d.parentTaskId,
    gatesParentSubmission: d.gatesParentSubmission,
    coordinatingUnitId: d.coordinatingUnitId,
    reviewRequired: d.reviewRequired,
    reminderPolicy: d.reminderPolicy,
    status: d.status,
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
    withdrawnAt: d.withdrawnAt?.toISOString() ?? null,
    withdrawnBy: d.withdrawnBy,
    withdrawnReason: d.withdrawnReason,
    ...(progress ? { progress } : {}),
  };
}
