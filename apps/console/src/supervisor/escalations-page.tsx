import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, withQuery } from '../api/client';
import type { EscalationView, Page, TaskView, UnitView } from '../api/types';
import { usePrincipal } from '../auth/session';
import { ErrorAlert } from '../errors/error-alert';
import { fieldError } from '../errors/error-text';
import { formatDateTime } from '../format/time';
import { workingDaysLeft } from '../format/working-days';
import { useLiveInterval } from '../live/live';
import { checkResolve, ESCALATION_ACTIONS, type EscalationAction, type ResolveInput } from './resolve-form';

/** The escalation queue of the supervisor's body: held now, or reached at any level; live. */
export function EscalationsPage() {
  const { t, i18n } = useTranslation();
  const principal = usePrincipal();
  const [scope, setScope] = useState<'current' | 'reached'>('current');
  const liveInterval = useLiveInterval();
  const escalations = useQuery({
    queryKey: ['escalations', principal.unitId, scope],
    queryFn: () =>
      api<Page<EscalationView>>(
        withQuery('/escalations', {
          status: 'open',
          limit: 200,
          ...(scope === 'current'
            ? { currentCoordinatingUnitId: principal.unitId }
            : { coordinatingUnitId: principal.unitId }),
        }),
      ),
    refetchInterval: liveInterval,
  });
  return (
    <Stack>
      <Title order={1}>{t('supervisor.title')}</Title>
      <SegmentedControl
        w="fit-content"
        value={scope}
        onChange={(value) => setScope(value === 'reached' ? 'reached' : 'current')}
        data={[
          { value: 'current', label: t('supervisor.heldNow') },
          { value: 'reached', label: t('supervisor.reached') },
        ]}
      />
      <ErrorAlert error={escalations.error} />
      {escalations.data?.items.length === 0 && <Text>{t('supervisor.empty')}</Text>}
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('supervisor.task')}</Table.Th>
              <Table.Th>{t('supervisor.unit')}</Table.Th>
              <Table.Th>{t('supervisor.late')}</Table.Th>
              <Table.Th>{t('supervisor.level')}</Table.Th>
              <Table.Th>{t('supervisor.openedAt')}</Table.Th>
              <Table.Th>{t('supervisor.resolve')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(escalations.data?.items ?? []).map((escalation) => (
              <EscalationRow key={escalation.id} escalation={escalation} language={i18n.language} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function EscalationRow({ escalation, language }: { escalation: EscalationView; language: string }) {
  const { t } = useTranslation();
  const task = useQuery({
    queryKey: ['task', escalation.taskId],
    queryFn: () => api<TaskView>(`/tasks/${escalation.taskId}`),
  });
  const late = task.data === undefined ? null : -workingDaysLeft(task.data.dueAt);
  return (
    <Table.Tr data-testid="escalation-row">
      <Table.Td>
        <Anchor component={Link} to={`/tasks/${escalation.taskId}`}>
          {task.data?.instructions ?? escalation.taskId}
        </Anchor>
        {task.data !== undefined && (
          <Anchor component={Link} to={`/directives/${task.data.directiveId}/tree`} size="sm" display="block">
            {t('cascade.open')}
          </Anchor>
        )}
      </Table.Td>
      <Table.Td>{escalation.unitId}</Table.Td>
      <Table.Td>
        {late !== null && <Badge color="red.9">{t('supervisor.lateBy', { count: Math.max(late, 0) })}</Badge>}
      </Table.Td>
      <Table.Td>{escalation.level}</Table.Td>
      <Table.Td>{formatDateTime(escalation.openedAt, language)}</Table.Td>
      <Table.Td>
        <ResolveDialog escalation={escalation} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Extend, reassign, waive or remind, checked here before it is sent. */
function ResolveDialog({ escalation }: { escalation: EscalationView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [input, setInput] = useState<ResolveInput>({ action: 'extend', dueDate: '', toUnitId: null, note: '' });
  const [problems, setProblems] = useState<ReturnType<typeof checkResolve> | null>(null);
  const units = useQuery({
    queryKey: ['units', 'all'],
    queryFn: () => api<Page<UnitView>>(withQuery('/units', { limit: 500 })),
    enabled: opened && input.action === 'reassign',
  });
  const resolve = useMutation({
    mutationFn: (body: object) => api<unknown>(`/escalations/${escalation.id}/resolve`, { method: 'POST', body }),
    onSuccess: async () => {
      close();
      await queryClient.invalidateQueries({ queryKey: ['escalations'] });
    },
  });
  const local = problems !== null && !problems.ok ? problems.problems : {};
  const send = () => {
    const checked = checkResolve(input);
    setProblems(checked);
    if (checked.ok) resolve.mutate(checked.body);
  };
  return (
    <>
      <Button size="xs" onClick={open}>
        {t('supervisor.resolve')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        title={t('supervisor.resolveTitle')}
      >
        <Stack>
          <Select
            label={t('supervisor.action')}
            allowDeselect={false}
            value={input.action}
            onChange={(value) => setInput({ ...input, action: (value ?? 'extend') as EscalationAction })}
            data={ESCALATION_ACTIONS.map((action) => ({ value: action, label: t(`supervisor.${action}`) }))}
          />
          {(input.action === 'extend' || input.action === 'reassign') && (
            <TextInput
              label={t('supervisor.dueAt')}
              placeholder="31/12/2026"
              value={input.dueDate}
              onChange={(event) => setInput({ ...input, dueDate: event.currentTarget.value })}
              error={local.dueAt !== undefined ? t(`supervisor.${local.dueAt}`) : fieldError(resolve.error, 'dueAt')}
            />
          )}
          {input.action === 'reassign' && (
            <Select
              label={t('supervisor.toUnitId')}
              searchable
              limit={50}
              value={input.toUnitId}
              onChange={(value) => setInput({ ...input, toUnitId: value })}
              data={(units.data?.items ?? []).map((unit) => ({ value: unit.id, label: `${unit.name} (${unit.id})` }))}
              error={
                local.toUnitId !== undefined ? t(`supervisor.${local.toUnitId}`) : fieldError(resolve.error, 'toUnitId')
              }
            />
          )}
          <Textarea
            label={t('supervisor.note')}
            value={input.note}
            onChange={(event) => setInput({ ...input, note: event.currentTarget.value })}
          />
          <ErrorAlert error={resolve.error} shownFields={['dueAt', 'toUnitId']} />
          <Group justify="end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button onClick={send} loading={resolve.isPending}>
              {t('supervisor.send')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
