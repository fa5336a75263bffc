import { Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { TaskView } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { fieldError } from '../errors/error-text';
import { parseVietnameseDateTime } from './new-directive-form';

/**
 * The issuing clerk moves one unit's deadline (POST /directives/:id/amendments), after a dialog
 * that says what changes: the reminders start again from the new deadline, the original stays.
 */
export function AmendDeadlineButton({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [dueAt, setDueAt] = useState('');
  const [reason, setReason] = useState('');
  const [badDate, setBadDate] = useState(false);
  const amend = useMutation({
    mutationFn: (body: { unitId: string; dueAt: string; reason?: string }) =>
      api<TaskView>(`/directives/${task.directiveId}/amendments`, { method: 'POST', body }),
    onSuccess: async () => {
      close();
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
      await queryClient.invalidateQueries({ queryKey: ['task', task.id] });
    },
  });
  const send = () => {
    const parsed = parseVietnameseDateTime(dueAt);
    setBadDate(parsed === null);
    if (parsed === null) return;
    amend.mutate({ unitId: task.unitId, dueAt: parsed, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) });
  };
  const title = t('amend.title', { unit: task.unitId });
  return (
    <>
      <Button size="xs" variant="subtle" onClick={open} aria-label={title}>
        {t('amend.action')}
      </Button>
      <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': t('common.close') }} title={title}>
        <Stack>
          <Text>{t('amend.confirm')}</Text>
          <TextInput
            label={t('amend.dueAt')}
            placeholder="31/12/2026 17:00"
            withAsterisk
            value={dueAt}
            onChange={(event) => setDueAt(event.currentTarget.value)}
            error={badDate ? t('amend.needDueAt') : fieldError(amend.error, 'dueAt')}
          />
          <Textarea
            label={t('amend.reason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={fieldError(amend.error, 'reason')}
          />
          <ErrorAlert error={amend.error} shownFields={['dueAt', 'reason']} />
          <Group justify="end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button onClick={send} loading={amend.isPending}>
              {t('amend.submit')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
