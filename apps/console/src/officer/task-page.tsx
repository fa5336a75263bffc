import { Anchor, Badge, Group, Paper, Progress, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, withQuery } from '../api/client';
import type { DirectiveView, Page, TaskEventView, TaskView } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { formatDateTimeWithWeekday } from '../format/time';
import { LIVE_INTERVAL_MS } from '../live/live';
import { TaskActions } from './task-actions';
import { TaskAttachments, useAttachments } from './task-attachments';
import { TaskComments } from './task-comments';
import { commentText, timelineOf } from './task-timeline';
import { usePrincipal } from '../auth/session';
import { isTerminal } from '@domain/task-state';

/** One task: its directive, instructions, deadlines, history, and what may be done now. */
export function TaskPage() {
  const { t, i18n } = useTranslation();
  const { taskId = '' } = useParams();
  const principal = usePrincipal();
  const task = useQuery({
    queryKey: ['task', taskId],
    queryFn: () => api<TaskView>(`/tasks/${encodeURIComponent(taskId)}`),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const directiveId = task.data?.directiveId;
  const directive = useQuery({
    queryKey: ['directive', directiveId],
    queryFn: () => api<DirectiveView>(`/directives/${encodeURIComponent(directiveId ?? '')}`),
    enabled: directiveId !== undefined,
  });
  const events = useQuery({
    queryKey: ['task', taskId, 'events'],
    queryFn: () =>
      api<Page<TaskEventView>>(
        withQuery(`/tasks/${encodeURIComponent(taskId)}/events`, { limit: 500, include: 'comments' }),
      ),
    enabled: task.isSuccess,
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const attachments = useAttachments(taskId, task.isSuccess);
  const timeline = timelineOf(events.data?.items ?? [], attachments.data?.items ?? []);
  const canAttach =
    task.data !== undefined &&
    !isTerminal(task.data.status) &&
    principal.roles.some((role) => role === 'officer' || role === 'clerk');
  const when = (instant: string) => formatDateTimeWithWeekday(instant, i18n.language);

  return (
    <Stack>
      <Anchor component={Link} to="/inbox">
        ← {t('task.back')}
      </Anchor>
      <ErrorAlert error={task.error ?? directive.error} />
      {task.data !== undefined && (
        <>
          <Title order={1} size="h2">
            {task.data.instructions}
          </Title>
          <Group gap="xs">
            <Badge variant="outline" color="gray.8">
              {t(`status.${task.data.status}`)}
            </Badge>
            {task.data.overdue && <Badge color="red.9">{t('inbox.overdue')}</Badge>}
            {task.data.escalated && <Badge color="#a63c06">{t('inbox.escalated')}</Badge>}
          </Group>
          <Paper withBorder p="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Field label={t('task.directive')}>
                {directive.data === undefined ? '…' : `${directive.data.number} — ${directive.data.subject}`}
              </Field>
              <Field label={t('task.role')}>{t(`taskRole.${task.data.role}`)}</Field>
              <Field label={t('task.deadline')}>{when(task.data.dueAt)}</Field>
              <Field label={t('task.originalDeadline')}>{when(task.data.originalDueAt)}</Field>
              <Field label={t('task.progress')}>
                <Progress value={task.data.progress.percent} aria-label={`${task.data.progress.percent}%`} mt={6} />
                {task.data.progress.percent}%{task.data.progress.note !== null ? ` — ${task.data.progress.note}` : ''}
              </Field>
              {task.data.report !== null && <Field label={t('task.report')}>{task.data.report}</Field>}
              {task.data.returnReason !== null && (
                <Field label={t('task.returnReason')}>{task.data.returnReason}</Field>
              )}
            </SimpleGrid>
          </Paper>
          {directive.data !== undefined && <TaskActions task={task.data} directive={directive.data} />}
          <Paper withBorder p="md" component="section" aria-label={t('task.timeline')}>
            <Title order={2} size="h3" mb="sm">
              {t('task.timeline')}
            </Title>
            {events.isSuccess && timeline.length === 0 && <Text>{t('task.noEvents')}</Text>}
            <Timeline bulletSize={14} lineWidth={2}>
              {timeline.map((entry) =>
                entry.kind === 'attachment' ? (
                  <Timeline.Item
                    key={`attachment-${entry.attachment.id}`}
                    title={t('attachments.timelineEntry', { name: entry.attachment.fileName })}
                  >
                    <Text size="sm">
                      {when(entry.at)} · {t('task.by', { actor: entry.attachment.uploadedBy })}
                    </Text>
                  </Timeline.Item>
                ) : entry.event.kind === 'comment' ? (
                  <Timeline.Item key={`comment-${entry.event.id}`} title={t('comments.timelineEntry')}>
                    <Text size="sm">
                      {when(entry.at)} · {t('task.by', { actor: entry.event.actor })}
                    </Text>
                    <Text size="sm" fs={commentText(entry.event) === null ? 'italic' : undefined}>
                      {commentText(entry.event) ?? t('comments.deleted')}
                    </Text>
                  </Timeline.Item>
                ) : (
                  <Timeline.Item key={`change-${entry.event.id}`} title={t(`events.${entry.event.action}`)}>
                    <Text size="sm">
                      {when(entry.at)} · {t('task.by', { actor: entry.event.actor })}
                      {entry.event.toStatus !== entry.event.fromStatus
                        ? ` · ${t(`status.${entry.event.toStatus}`)}`
                        : ''}
                    </Text>
                  </Timeline.Item>
                ),
              )}
            </Timeline>
          </Paper>
          <TaskComments taskId={task.data.id} />
          <TaskAttachments taskId={task.data.id} canUpload={canAttach} />
        </>
      )}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" c="gray.7">
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </div>
  );
}
