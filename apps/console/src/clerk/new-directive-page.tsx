import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import type { DirectiveView } from '../api/types';
import { usePrincipal } from '../auth/session';
import { ErrorAlert } from '../errors/error-alert';
import {
  RECURRENCE_EVERY,
  checkNewDirective,
  emptyForm,
  formFieldOf,
  type CreateDirectiveBody,
  type FormField,
  type FormProblem,
  type NewDirectiveInput,
} from './new-directive-form';
import { ChosenRecipients } from './chosen-recipients';
import { RecipientPicker } from './recipient-picker';

/** The API's 400 by the form's inputs: each problem under the input it concerns. */
function apiProblems(error: unknown): {
  byField: Partial<Record<FormField, string>>;
  shown: string[];
  unshown: number;
} {
  const byField: Partial<Record<FormField, string>> = {};
  const shown: string[] = [];
  let unshown = 0;
  if (!(error instanceof ApiError) || error.status !== 400) return { byField, shown, unshown };
  for (const [apiField, problem] of Object.entries(error.fieldProblems())) {
    const field = formFieldOf(apiField);
    if (field === null) {
      unshown += 1;
      continue;
    }
    byField[field] ??= problem;
    shown.push(apiField);
  }
  return { byField, shown, unshown };
}

/**
 * A clerk issues a directive: recipients from the organisation tree, each with its role; one
 * deadline (a date, or working days from issue), the reminder policy, a recurrence, the review
 * rule. The form checks what it can before sending; the API's 400 lands under the same inputs.
 */
export function NewDirectivePage() {
  const { t } = useTranslation();
  const principal = usePrincipal();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<NewDirectiveInput>(emptyForm);
  const [problems, setProblems] = useState<Partial<Record<FormField, FormProblem>>>({});
  // Inputs changed since the API's 400: its problem there is out of date, so it is no longer shown.
  const [changedSinceAnswer, setChangedSinceAnswer] = useState<ReadonlySet<string>>(new Set());
  const create = useMutation({
    mutationFn: (body: CreateDirectiveBody) => api<DirectiveView>('/directives', { method: 'POST', body }),
    onSuccess: async (directive) => {
      await queryClient.invalidateQueries({ queryKey: ['directives'] });
      await navigate(`/directives/${directive.id}`);
    },
  });
  const fromApi = apiProblems(create.error);
  const errorOf = (field: FormField): string | undefined => {
    const problem = problems[field];
    if (problem !== undefined) return t(`newDirective.problems.${problem}`);
    return changedSinceAnswer.has(field) ? undefined : fromApi.byField[field];
  };
  const answerOutdated =
    create.error instanceof ApiError &&
    create.error.status === 400 &&
    fromApi.unshown === 0 &&
    Object.keys(fromApi.byField).every((field) => changedSinceAnswer.has(field));
  const set = <K extends keyof NewDirectiveInput>(key: K, value: NewDirectiveInput[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setChangedSinceAnswer((changed) => new Set([...changed, key]));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkNewDirective(form, principal.unitId, new Date());
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    setChangedSinceAnswer(new Set());
    create.mutate(checked.body);
  };

  return (
    <Stack component="form" onSubmit={submit} aria-label={t('newDirective.title')}>
      <Title order={1}>{t('newDirective.title')}</Title>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('clerk.number')}
            withAsterisk
            value={form.number}
            onChange={(e) => set('number', e.currentTarget.value)}
            error={errorOf('number')}
          />
          <TextInput
            label={t('newDirective.issuedOn')}
            placeholder="06/12/2026"
            value={form.issuedOn}
            onChange={(e) => set('issuedOn', e.currentTarget.value)}
            error={errorOf('issuedOn')}
          />
        </SimpleGrid>
        <Textarea
          mt="sm"
          label={t('clerk.subject')}
          withAsterisk
          autosize
          minRows={2}
          value={form.subject}
          onChange={(e) => set('subject', e.currentTarget.value)}
          error={errorOf('subject')}
        />
        <Textarea
          mt="sm"
          label={t('newDirective.instructions')}
          withAsterisk
          autosize
          minRows={3}
          value={form.instructions}
          onChange={(e) => set('instructions', e.currentTarget.value)}
          error={errorOf('instructions')}
        />
      </Paper>

      <RecipientPicker
        unitId={principal.unitId}
        selected={form.recipients.map((recipient) => recipient.unitId)}
        error={errorOf('recipients')}
        onToggle={(unit, checked) =>
          set(
            'recipients',
            checked
              ? [...form.recipients.filter((r) => r.unitId !== unit.id), { unitId: unit.id, role: 'lead' }]
              : form.recipients.filter((r) => r.unitId !== unit.id),
          )
        }
      />
      <ChosenRecipients recipients={form.recipients} onChange={(recipients) => set('recipients', recipients)} />

      <Paper withBorder p="md" component="section" aria-label={t('newDirective.deadline')}>
        <Title order={2} size="h4" mb="xs">
          {t('newDirective.deadline')}
        </Title>
        <SegmentedControl
          aria-label={t('newDirective.deadlineMode')}
          value={form.deadlineMode}
          onChange={(value) => set('deadlineMode', value === 'workingDays' ? 'workingDays' : 'date')}
          data={[
            { value: 'date', label: t('newDirective.byDate') },
            { value: 'workingDays', label: t('newDirective.byWorkingDays') },
          ]}
          mb="sm"
        />
        {form.deadlineMode === 'date' ? (
          <TextInput
            label={t('newDirective.dueAt')}
            placeholder="31/12/2026 17:00"
            withAsterisk
            value={form.dueAt}
            onChange={(e) => set('dueAt', e.currentTarget.value)}
            error={errorOf('dueAt')}
          />
        ) : (
          <NumberInput
            label={t('newDirective.workingDays')}
            min={1}
            max={1000}
            withAsterisk
            value={form.workingDays}
            onChange={(value) => set('workingDays', value)}
            error={errorOf('workingDays')}
          />
        )}
      </Paper>

      <Paper withBorder p="md" component="section" aria-label={t('newDirective.reminders')}>
        <Title order={2} size="h4" mb="xs">
          {t('newDirective.reminders')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('newDirective.remindBefore')}
            value={form.remindBefore}
            onChange={(e) => set('remindBefore', e.currentTarget.value)}
            error={errorOf('remindBefore')}
          />
          <NumberInput
            label={t('newDirective.overdueEvery')}
            min={1}
            value={form.overdueEveryDays}
            onChange={(value) => set('overdueEveryDays', value)}
            error={errorOf('overdueEveryDays')}
          />
          <NumberInput
            label={t('newDirective.escalateAfter')}
            min={1}
            value={form.escalateAfterDays}
            onChange={(value) => set('escalateAfterDays', value)}
            error={errorOf('escalateAfterDays')}
          />
        </SimpleGrid>
        <Checkbox
          mt="sm"
          label={t('newDirective.atDeadline')}
          checked={form.remindAtDeadline}
          onChange={(e) => set('remindAtDeadline', e.currentTarget.checked)}
        />
      </Paper>

      <Paper withBorder p="md">
        <Checkbox
          label={t('newDirective.recurring')}
          checked={form.recurring}
          onChange={(e) => set('recurring', e.currentTarget.checked)}
        />
        {form.recurring && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
            <Select
              label={t('newDirective.every')}
              data={RECURRENCE_EVERY.map((every) => ({ value: every, label: t(`newDirective.everyChoice.${every}`) }))}
              value={form.every}
              allowDeselect={false}
              onChange={(value) =>
                set('every', RECURRENCE_EVERY.find((every) => every === value) ?? RECURRENCE_EVERY[1])
              }
            />
            <TextInput
              label={t('newDirective.until')}
              placeholder="31/12/2027"
              withAsterisk
              value={form.until}
              onChange={(e) => set('until', e.currentTarget.value)}
              error={errorOf('until')}
            />
          </SimpleGrid>
        )}
        <Checkbox
          mt="sm"
          label={t('intake.reviewRequired')}
          checked={form.reviewRequired}
          onChange={(e) => set('reviewRequired', e.currentTarget.checked)}
        />
      </Paper>

      {!answerOutdated && <ErrorAlert error={create.error} shownFields={fromApi.shown} />}
      {Object.keys(problems).length > 0 && (
        <Text c="red.9" role="alert">
          {t('errors.badRequest')}
        </Text>
      )}
      <Group>
        <Button type="submit" loading={create.isPending}>
          {t('newDirective.submit')}
        </Button>
      </Group>
    </Stack>
  );
}
