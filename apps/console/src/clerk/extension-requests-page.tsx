import { Anchor, Button, Group, Modal, Paper, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, withQuery } from '../api/client';
import type { ExtensionRequestView, ListedExtensionRequestView, Page } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { fieldError } from '../errors/error-text';
import { formatDateTimeWithWeekday } from '../format/time';
import { LIVE_INTERVAL_MS } from '../live/live';

const PAGE_SIZE = 100;

/**
 * The clerk's queue of extension requests on the unit's directives that wait for a decision
 * (GET /extension-requests?status=pending), oldest first; each approved with the deadline asked
 * for, after a confirmation that names it, or rejected with a reason.
 */
export function ExtensionRequestsPage() {
  const { t } = useTranslation();
  const requests = useInfiniteQuery({
    queryKey: ['extension-requests', 'pending'],
    queryFn: ({ pageParam }) =>
      api<Page<ListedExtensionRequestView>>(
        withQuery('/extension-requests', { status: 'pending', limit: PAGE_SIZE, cursor: pageParam }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const items = requests.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Title order={1}>{t('extensions.title')}</Title>
      <ErrorAlert error={requests.error} />
      {requests.isSuccess && items.length === 0 && <Text>{t('extensions.empty')}</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {items.map((request) => (
          <RequestCard key={request.id} request={request} />
        ))}
      </Stack>
      {requests.hasNextPage && (
        <Button variant="default" onClick={() => void requests.fetchNextPage()} loading={requests.isFetchingNextPage}>
          {t('extensions.more')}
        </Button>
      )}
    </Stack>
  );
}

/** One request: who asks, for which task, from which deadline to which, and why. */
function RequestCard({ request }: { request: ListedExtensionRequestView }) {
  const { t, i18n } = useTranslation();
  const when = (instant: string) => formatDateTimeWithWeekday(instant, i18n.language);
  return (
    <Paper component="li" withBorder p="sm" aria-label={`${t('extensions.unit')} ${request.unitId}`}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Labelled label={t('extensions.unit')}>
          <Anchor component={Link} to={`/tasks/${request.taskId}`}>
            {request.unitId}
          </Anchor>
        </Labelled>
        <Labelled label={t('extensions.requestedBy')}>
          {request.requestedBy} · {when(request.requestedAt)}
        </Labelled>
        <Labelled label={t('extensions.currentDueAt')}>{when(request.currentDueAt)}</Labelled>
        <Labelled label={t('extensions.requestedDueAt')}>
          <Text fw={700} component="span">
            {when(request.requestedDueAt)}
          </Text>
        </Labelled>
      </SimpleGrid>
      <Labelled label={t('extensions.reason')}>{request.reason}</Labelled>
      <Group gap="xs" mt="xs">
        <DecisionButton request={request} decision="approve" />
        <DecisionButton request={request} decision="reject" />
      </Group>
    </Paper>
  );
}

/** Approve (with an optional note) or reject (with its required reason), asked for again in a dialog. */
function DecisionButton({
  request,
  decision,
}: {
  request: ListedExtensionRequestView;
  decision: 'approve' | 'reject';
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [text, setText] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const field = decision === 'approve' ? 'note' : 'reason';
  const decide = useMutation({
    mutationFn: () =>
      api<ExtensionRequestView>(`/extension-requests/${request.id}/${decision}`, {
        method: 'POST',
        body: text.trim() === '' ? {} : { [field]: text.trim() },
      }),
    onSuccess: async () => {
      close();
      await queryClient.invalidateQueries({ queryKey: ['extension-requests'] });
      await queryClient.invalidateQueries({ queryKey: ['task', request.taskId] });
    },
  });
  const label = t(decision === 'approve' ? 'extensions.approve' : 'extensions.reject');
  const send = () => {
    if (decision === 'reject' && text.trim() === '') {
      setMissingReason(true);
      return;
    }
    setMissingReason(false);
    decide.mutate();
  };
  return (
    <>
      <Button
        size="xs"
        variant={decision === 'approve' ? 'filled' : 'outline'}
        color={decision === 'approve' ? undefined : '#a63c06'}
        onClick={open}
      >
        {label}
      </Button>
      <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': t('common.close') }} title={label}>
        <Stack>
          {decision === 'approve' && (
            <Text>
              {t('extensions.approveConfirm', {
                unit: request.unitId,
                dueAt: formatDateTimeWithWeekday(request.requestedDueAt, i18n.language),
              })}
            </Text>
          )}
          <Textarea
            label={t(decision === 'approve' ? 'extensions.note' : 'extensions.rejectReason')}
            withAsterisk={decision === 'reject'}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            error={missingReason ? t('extensions.needReason') : fieldError(decide.error, field)}
          />
          <ErrorAlert error={decide.error} shownFields={[field]} />
          <Group justify="end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button onClick={send} loading={decide.isPending} color={decision === 'approve' ? undefined : '#a63c06'}>
              {label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function Labelled({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7">
        {label}
      </Text>
      <Text component="div" size="sm">
        {children}
      </Text>
    </div>
  );
}
