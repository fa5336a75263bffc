import { CloseButton, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TASK_ROLES, type Recipient } from './new-directive-form';

/** The units ticked so far, each with its role in the directive (lead unless changed) and a way to drop it. */
export function ChosenRecipients(props: { recipients: Recipient[]; onChange: (recipients: Recipient[]) => void }) {
  const { t } = useTranslation();
  const { recipients, onChange } = props;
  if (recipients.length === 0) return null;
  const roleOptions = TASK_ROLES.map((role) => ({ value: role, label: t(`taskRole.${role}`) }));
  return (
    <Paper withBorder p="md" component="section" aria-label={t('newDirective.chosen')}>
      <Title order={2} size="h4" mb="xs">
        {t('newDirective.chosen')}
      </Title>
      <Stack gap="xs">
        {recipients.map((recipient) => (
          <Group key={recipient.unitId} gap="xs" wrap="wrap" align="end">
            <Text style={{ flex: '1 1 12rem', wordBreak: 'break-word' }}>{recipient.unitId}</Text>
            <Select
              w={160}
              label={t('newDirective.roleOf', { unit: recipient.unitId })}
              data={roleOptions}
              value={recipient.role}
              allowDeselect={false}
              onChange={(value) =>
                onChange(
                  recipients.map((r) =>
                    r.unitId === recipient.unitId
                      ? { ...r, role: TASK_ROLES.find((role) => role === value) ?? 'lead' }
                      : r,
                  ),
                )
              }
            />
            <CloseButton
              aria-label={t('newDirective.remove', { unit: recipient.unitId })}
              onClick={() => onChange(recipients.filter((r) => r.unitId !== recipient.unitId))}
            />
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
