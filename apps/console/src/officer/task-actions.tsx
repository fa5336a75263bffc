import { Button, Group, NumberInput, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { allowedActions, type TaskAction } from '@domain/task-state';
import { api } from '../api/client';
import type { DirectiveView, Role, TaskView } from '../api/types';
import { usePrincipal } from '../auth/session';
import { ErrorAlert } from '../errors/error-alert';
import { fieldError } from '../errors/error-text';
import { parseVietnameseDate } from '../format/time';

/** The actions an officer takes here, by the state machine's names (libs/domain), and who may take them. */
const OFFICER_ACTIONS: readonly TaskAction[] = ['acknowledge', 'progress', 'submit', 'request_extension'];
const ACTION_ROLE: Partial<Record<TaskAction, Role>> = {
  acknowledge: 'officer',
  progress: 'officer',
  submit: 'officer',
  request_extension: 'officer',
};

/**
 * The task's actions the workflow allows now (the state machine of libs/domain over the task's
 * status and role and the directive's review rule), among those the person's roles may take.
 * The API checks again; a refusal there is shown as it answers.
 */
export function TaskActions({ task, directive }: { task: TaskView; directive: DirectiveView }) {
  const { t } = useTranslation();
  const principal = usePrincipal();
  const allowed = allowedActions({
    status: task.status,
    role: task.role,
    reviewRequired: directive.reviewRequired,
  })
    .filter((action) => OFFICER_ACTIONS.includes(action))
    .filter((action) => {
      const role = ACTION_ROLE[action];
      return role !== undefined && principal.roles.includes(role);
    });
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        {t('task.actions')}
      </Title>
      {allowed.length === 0 && <Text>{t('task.noActions')}</Text>}
      <Stack>
        {allowed.includes('acknowledge') && <AcknowledgeAction task={task} />}
        {allowed.includes('progress') && <ProgressAction task={task} />}
        {allowed.includes('submit') && <SubmitAction task={task} />}
        {allowed.includes('request_extension') && <ExtensionAction task={task} />}
      </Stack>
    </Paper>
  );
}

/** A POST on the task that refreshes what it changed, keeping the answer's error for the form. */
function useTaskAction<Body>(task: TaskView, path: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Body) => api<unknown>(`/tasks/${task.id}/${path}`, { method: 'POST', body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['task', task.id] });
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

function ActionForm(props: {
  title: string;
  onSubmit: () => void;
  error: unknown;
  pending: boolean;
  done: boolean;
  shownFields: string[];
  submitLabel: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack
      component="form"
      gap="xs"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        props.onSubmit();
      }}
      aria-label={props.title}
    >
      {props.children}
      <ErrorAlert error={props.error} shownFields={props.shownFields} />
      <Group>
        <Button type="submit" loading={props.pending}>
          {props.submitLabel}
        </Button>
        {props.done && (
          <Text size="sm" role="status">
            {t('task.done')}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function AcknowledgeAction({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const action = useTaskAction<Record<string, never>>(task, 'acknowledge');
  return (
    <ActionForm
      title={t('task.acknowledge')}
      submitLabel={t('task.acknowledge')}
      onSubmit={() => action.mutate({})}
      error={action.error}
      pending={action.isPending}
      done={action.isSuccess}
      shownFields={[]}
    />
  );
}

function ProgressAction({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const [percent, setPercent] = useState<number | string>(task.progress.percent);
  const [note, setNote] = useState('');
  const action = useTaskAction<{ percent: number; note?: string }>(task, 'progress');
  return (
    <ActionForm
      title={t('task.reportProgress')}
      submitLabel={t('task.reportProgress')}
      onSubmit={() => action.mutate({ percent: Number(percent), ...(note.trim() === '' ? {} : { note }) })}
      error={action.error}
      pending={action.isPending}
      done={action.isSuccess}
      shownFields={['percent', 'note']}
    >
      <NumberInput
        label={t('task.percent')}
        min={0}
        max={100}
        value={percent}
        onChange={setPercent}
        error={fieldError(action.error, 'percent')}
      />
      <Textarea
        label={t('task.note')}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        error={fieldError(action.error, 'note')}
      />
    </ActionForm>
  );
}

function SubmitAction({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const [report, setReport] = useState('');
  const action = useTaskAction<{ report: string }>(task, 'submit');
  return (
    <ActionForm
      title={t('task.submit')}
      submitLabel={t('task.submit')}
      onSubmit={() => action.mutate({ report })}
      error={action.error}
      pending={action.isPending}
      done={action.isSuccess}
      shownFields={['report']}
    >
      <Textarea
        label={t('task.reportText')}
        autosize
        minRows={3}
        value={report}
        onChange={(event) => setReport(event.currentTarget.value)}
        error={fieldError(action.error, 'report')}
      />
    </ActionForm>
  );
}

function ExtensionAction({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const action = useTaskAction<{ requestedDueAt: string; reason: string }>(task, 'extension-requests');
  return (
    <ActionForm
      title={t('task.requestExtension')}
      submitLabel={t('task.requestExtension')}
      // A date the person typed that is no date goes as typed: the API names the problem in its 400.
      onSubmit={() => action.mutate({ requestedDueAt: parseVietnameseDate(date) ?? date, reason })}
      error={action.error}
      pending={action.isPending}
      done={action.isSuccess}
      shownFields={['requestedDueAt', 'reason']}
    >
      <TextInput
        label={t('task.requestedDueAt')}
        placeholder="31/12/2026"
        value={date}
        onChange={(event) => setDate(event.currentTarget.value)}
        error={fieldError(action.error, 'requestedDueAt')}
      />
      <Textarea
        label={t('task.reason')}
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value)}
        error={fieldError(action.error, 'reason')}
      />
    </ActionForm>
  );
}
