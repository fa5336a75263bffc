import { Button, Checkbox, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import type { DevSignInOptions, Role } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { fieldError } from '../errors/error-text';
import { useSession } from './session';

/** `npm start`'s sign-in: a demo person in one click, or any unit and roles (DONDOC_DEV_SIGN_IN=true only). */
export function DevSignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { signInWithDevToken } = useSession();
  const options = useQuery({ queryKey: ['dev-sign-in'], queryFn: () => api<DevSignInOptions>('/dev/sign-in') });
  const [unitId, setUnitId] = useState<string | null>(null);
  const [roles, setRoles] = useState<Role[]>(['officer']);
  const [sub, setSub] = useState('can.bo');
  const signIn = useMutation({
    mutationFn: (body: { unitId: string; roles: Role[]; sub: string }) =>
      api<{ token: string }>('/dev/sign-in', { method: 'POST', body }),
    onSuccess: ({ token }) => {
      signInWithDevToken(token);
      void navigate('/');
    },
  });

  return (
    <Stack maw={560} mx="auto" p="md">
      <Title order={1}>{t('signIn.devTitle')}</Title>
      <Text c="gray.7">{t('signIn.devHint')}</Text>
      <ErrorAlert error={options.error ?? signIn.error} shownFields={['unitId', 'roles', 'sub']} />
      {options.data !== undefined && options.data.people.length > 0 && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('signIn.people')}
          </Title>
          <Stack gap="xs">
            {options.data.people.map((person) => (
              <Button
                key={`${person.sub}@${person.unitId}`}
                variant="outline"
                justify="space-between"
                onClick={() => signIn.mutate(person)}
              >
                {t('signIn.as', { sub: person.sub })} · {person.roles.map((role) => t(`roles.${role}`)).join(', ')} ·{' '}
                {person.unitId}
              </Button>
            ))}
          </Stack>
        </Paper>
      )}
      <Paper
        withBorder
        p="md"
        component="form"
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate({ unitId: unitId ?? '', roles, sub });
        }}
      >
        <Stack>
          <Select
            label={t('signIn.unit')}
            searchable
            required
            limit={50}
            value={unitId}
            onChange={setUnitId}
            data={(options.data?.units ?? []).map((unit) => ({ value: unit.id, label: `${unit.name} (${unit.id})` }))}
            error={fieldError(signIn.error, 'unitId')}
          />
          <Checkbox.Group
            label={t('signIn.roles')}
            value={roles}
            onChange={(value) => setRoles(value as Role[])}
            error={fieldError(signIn.error, 'roles')}
          >
            <Group mt="xs">
              {(options.data?.roles ?? []).map((role) => (
                <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <TextInput
            label={t('signIn.sub')}
            required
            value={sub}
            onChange={(event) => setSub(event.currentTarget.value)}
            error={fieldError(signIn.error, 'sub')}
          />
          <Button type="submit" loading={signIn.isPending}>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
