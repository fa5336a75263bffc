import { Button, Group, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client';
import type { CommentView, Page } from '../api/types';
import { usePrincipal } from '../auth/session';
import { ErrorAlert } from '../errors/error-alert';
import { fieldError } from '../errors/error-text';
import { formatDateTime } from '../format/time';
import { LIVE_INTERVAL_MS } from '../live/live';

/** After a comment changes, everything that shows it: the list and the timeline. */
function useRefreshComments(taskId: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['task', taskId, 'comments'] });
    await queryClient.invalidateQueries({ queryKey: ['task', taskId, 'events'] });
  };
}

/**
 * The task's comments, oldest first, a deleted one as a line that says so; anyone who reads the
 * task writes one, and its author corrects or deletes their own (the API holds the time limit).
 */
export function TaskComments({ taskId }: { taskId: string }) {
  const { t } = useTranslation();
  const refresh = useRefreshComments(taskId);
  const comments = useQuery({
    queryKey: ['task', taskId, 'comments'],
    queryFn: () => api<Page<CommentView>>(withQuery(`/tasks/${encodeURIComponent(taskId)}/comments`, { limit: 500 })),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: (body: { text: string }) =>
      api<CommentView>(`/tasks/${encodeURIComponent(taskId)}/comments`, { method: 'POST', body }),
    onSuccess: async () => {
      setText('');
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ text });
  };
  return (
    <Paper withBorder p="md" component="section" aria-label={t('comments.title')}>
      <Title order={2} size="h3" mb="sm">
        {t('comments.title')}
      </Title>
      <ErrorAlert error={comments.error} />
      {comments.data?.items.length === 0 && <Text>{t('comments.empty')}</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {(comments.data?.items ?? []).map((comment) => (
          <CommentItem key={comment.id} taskId={taskId} comment={comment} />
        ))}
      </Stack>
      <Stack component="form" gap="xs" mt="sm" onSubmit={submit} aria-label={t('comments.add')}>
        <Textarea
          label={t('comments.text')}
          autosize
          minRows={2}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          error={fieldError(add.error, 'text')}
        />
        <ErrorAlert error={add.error} shownFields={['text']} />
        <Group>
          <Button type="submit" loading={add.isPending}>
            {t('comments.add')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** One comment; its author's own carry edit and delete. */
function CommentItem({ taskId, comment }: { taskId: string; comment: CommentView }) {
  const { t, i18n } = useTranslation();
  const principal = usePrincipal();
  const refresh = useRefreshComments(taskId);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(comment.text ?? '');
  const [confirming, { open: askDelete, close: closeDelete }] = useDisclosure(false);
  const path = `/tasks/${encodeURIComponent(taskId)}/comments/${comment.id}`;
  const edit = useMutation({
    mutationFn: (body: { text: string }) => api<CommentView>(path, { method: 'PATCH', body }),
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => api<unknown>(path, { method: 'DELETE' }),
    onSuccess: async () => {
      closeDelete();
      await refresh();
    },
  });
  const own = comment.author.sub === principal.sub && comment.author.unitId === principal.unitId;
  const deleted = comment.deletedAt !== null;
  return (
    <Paper component="li" withBorder p="xs" bg={deleted ? 'gray.0' : undefined}>
      <Text size="xs" c="gray.7">
        {t('comments.by', { author: comment.author.sub, unit: comment.author.unitId })} ·{' '}
        {formatDateTime(comment.createdAt, i18n.language)}
        {comment.editedAt !== null &&
          ` · ${t('comments.edited', { at: formatDateTime(comment.editedAt, i18n.language) })}`}
      </Text>
      {deleted ? (
        <Text size="sm" fs="italic">
          {t('comments.deleted')}
        </Text>
      ) : editing ? (
        <Stack gap="xs">
          <Textarea
            label={t('comments.editText')}
            autosize
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            error={fieldError(edit.error, 'text')}
          />
          <ErrorAlert error={edit.error} shownFields={['text']} />
          <Group gap="xs">
            <Button size="xs" onClick={() => edit.mutate({ text })} loading={edit.isPending}>
              {t('comments.save')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {comment.text}
        </Text>
      )}
      {own && !deleted && !editing && (
        <Group gap="xs" mt={4}>
          <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)}>
            {t('comments.edit')}
          </Button>
          <Button size="compact-xs" variant="outline" color="red.9" onClick={askDelete}>
            {t('comments.delete')}
          </Button>
        </Group>
      )}
      <Modal
        opened={confirming}
        onClose={closeDelete}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        title={t('comments.delete')}
      >
        <Stack>
          <Text>{t('comments.deleteConfirm')}</Text>
          <ErrorAlert error={remove.error} />
          <Group justify="end">
            <Button variant="default" onClick={closeDelete}>
              {t('common.cancel')}
            </Button>
            <Button color="red.9" onClick={() => remove.mutate()} loading={remove.isPending}>
              {t('comments.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
