import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, withQuery } from '../api/client';
import type { DirectiveView, Page, TaskView } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { fieldError } from '../errors/error-text';
import { formatDateTime } from '../format/time';
import { LIVE_INTERVAL_MS } from '../live/live';
import { completedShare } from './directives-page';
import { AmendDeadlineButton } from './amend-deadline';
import { isTerminal } from '@domain/task-state';

/** One directive for its clerk: each unit's task, reports to accept or return, and withdrawal. */
export function DirectivePage() {
  const { t, i18n } = useTranslation();
  const { directiveId = '' } = useParams();
  const directive = useQuery({
    queryKey: ['directive', directiveId],
    queryFn: () => api<DirectiveView>(`/directives/${encodeURIComponent(directiveId)}`),
  });
  const tasks = useQuery({
    queryKey: ['tasks', 'directive', directiveId],
    queryFn: () =>
      api<Page<TaskView>>(withQuery(`/directives/${encodeURIComponent(directiveId)}/tasks`, { limit: 500 })),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const share = directive.data === undefined ? null : completedShare(directive.data);
  return (
    <Stack>
      <ErrorAlert error={directive.error ?? tasks.error} />
      {directive.data !== undefined && share !== null && (
        <>
          <Title order={1} size="h2">
            {directive.data.number} — {directive.data.subject}
          </Title>
          <Progress value={share.percent} aria-label={t('clerk.completedOf', share)} />
          <Text size="sm">{t('clerk.completedOf', share)}</Text>
          <Anchor component={Link} to={`/directives/${encodeURIComponent(directiveId)}/tree`} w="fit-content">
            {t('cascade.open')}
          </Anchor>
          {directive.data.status === 'active' && <WithdrawButton directive={directive.data} />}
        </>
      )}
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          {t('clerk.tasks')}
        </Title>
        <Table.ScrollContainer minWidth={520}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('clerk.unit')}</Table.Th>
                <Table.Th>{t('task.status')}</Table.Th>
                <Table.Th>{t('task.deadline')}</Table.Th>
                <Table.Th>{t('clerk.report')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(tasks.data?.items ?? []).map((task) => (
                <Table.Tr key={task.id}>
                  <Table.Td>
                    <Link to={`/tasks/${task.id}`}>{task.unitId}</Link>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color="gray.8">
                      {t(`status.${task.status}`)}
                    </Badge>{' '}
                    {task.overdue && <Badge color="red.9">{t('inbox.overdue')}</Badge>}
                  </Table.Td>
                  <Table.Td>
                    {formatDateTime(task.dueAt, i18n.language)}
                    {directive.data?.status === 'active' && !isTerminal(task.status) && (
                      <AmendDeadlineButton task={task} />
                    )}
                  </Table.Td>
                  <Table.Td>
                    {task.report !== null && <Text size="sm">{task.report}</Text>}
                    {task.status === 'submitted' && <ReviewActions task={task} />}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}

/** Accept or return a submitted report (a return needs its reason). */
function ReviewActions({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const review = useMutation({
    mutationFn: (decision: { path: 'accept' | 'return'; body: object }) =>
      api<TaskView>(`/tasks/${task.id}/${decision.path}`, { method: 'POST', body: decision.body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
  return (
    <Stack gap={4} mt={4}>
      <Group gap="xs">
        <Button size="xs" onClick={() => review.mutate({ path: 'accept', body: {} })} loading={review.isPending}>
          {t('clerk.accept')}
        </Button>
        <Button size="xs" variant="outline" color="#a63c06" onClick={() => setReturning(true)}>
          {t('clerk.return')}
        </Button>
      </Group>
      {returning && (
        <Group gap="xs" align="end">
          <Textarea
            size="xs"
            label={t('clerk.returnReason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={fieldError(review.error, 'reason')}
          />
          <Button size="xs" onClick={() => review.mutate({ path: 'return', body: { reason } })}>
            {t('task.send')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={review.error} shownFields={['reason']} />
    </Stack>
  );
}

/** Withdrawal, asked for again in a dialog: it cancels every open task. */
function WithdrawButton({ directive }: { directive: DirectiveView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () => api<unknown>(`/directives/${directive.id}/withdraw`, { method: 'POST', body: { reason } }),
    onSuccess: async () => {
      close();
      await queryClient.invalidateQueries();
    },
  });
  return (
    <>
      <Button variant="outline" color="red.9" onClick={open} w="fit-content">
        {t('clerk.withdraw')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        title={t('clerk.withdraw')}
      >
        <Stack>
          <Text>{t('clerk.withdrawConfirm')}</Text>
          <Textarea
            label={t('clerk.withdrawReason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={fieldError(withdraw.error, 'reason')}
          />
          <ErrorAlert error={withdraw.error} shownFields={['reason']} />
          <Group justify="end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button color="red.9" onClick={() => withdraw.mutate()} loading={withdraw.isPending}>
              {t('clerk.withdraw')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
