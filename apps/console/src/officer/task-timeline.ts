import type { AttachmentView, TaskEventView } from '../api/types';

/** One line of a task's timeline: a change or comment (as the API orders them), or a file attached. */
export type TimelineEntry =
  { kind: 'event'; at: string; event: TaskEventView } | { kind: 'attachment'; at: string; attachment: AttachmentView };

/**
 * The task's history with its files merged in by time: the API's events (changes and comments)
 * keep their own order, and each file goes after the last event no later than its upload.
 */
export function timelineOf(events: readonly TaskEventView[], attachments: readonly AttachmentView[]): TimelineEntry[] {
  const entries: TimelineEntry[] = events.map((event) => ({ kind: 'event', at: event.occurredAt, event }));
  const files = [...attachments].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const attachment of files) {
    const uploaded = Date.parse(attachment.createdAt);
    let index = entries.length;
    while (index > 0 && Date.parse(entries[index - 1]?.at ?? '') > uploaded) index -= 1;
    entries.splice(index, 0, { kind: 'attachment', at: attachment.createdAt, attachment });
  }
  return entries;
}

/** A comment entry's text, or null once it was deleted (a tombstone keeps its place). */
export function commentText(event: TaskEventView): string | null {
  const text = event.data['text'];
  return typeof text === 'string' ? text : null;
}
