import { EVENT_CATALOGUE_VERSION, eventId, taskLink, type DondocEvent } from '@dondoc/domain';

/** What the `comment.added` event says about the comment, its task and who is told. */
export interface CommentEventFacts {
  commentId: string;
  text: string;
  author: { sub: string; unitId: string };
  createdAt: string;
  task: { id: string; directiveId: string; unitId: string; dueAt: string; assignee: string | null };
  directive: { number: string | null; subject: string | null; issuerUnitId: string };
  /** The author speaks for the task's unit (its people, or officers acting for it). */
  authorIsTaskUnit: boolean;
  publicUrl: string;
}

/**
 * The catalogue event a comment writes to the outbox, addressed to the other side: the issuing
 * unit when the task's unit comments; otherwise the task's unit, its assignee first.
 */
export function commentAddedEvent(facts: CommentEventFacts): DondocEvent<'comment.added'> {
  const { task, directive } = facts;
  const recipient = facts.authorIsTaskUnit
    ? { recipientUnitId: directive.issuerUnitId, recipientSub: null }
    : { recipientUnitId: task.unitId, recipientSub: task.assignee };
  return {
    id: eventId('comment.added', facts.commentId),
    type: 'comment.added',
    version: EVENT_CATALOGUE_VERSION,
    occurredAt: facts.createdAt,
    directiveId: task.directiveId,
    directiveNumber: directive.number,
    directiveSubject: directive.subject,
    taskId: task.id,
    unitId: task.unitId,
    dueAt: task.dueAt,
    link: taskLink(facts.publicUrl, task.id),
    data: { commentId: facts.commentId, text: facts.text, by: facts.author, ...recipient },
  };
}
