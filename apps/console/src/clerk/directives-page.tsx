import { Anchor, Badge, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, withQuery } from '../api/client';
import type { DirectiveView, Page } from '../api/types';
import { usePrincipal } from '../auth/session';
import { ErrorAlert } from '../errors/error-alert';
import { formatDateTime } from '../format/time';

/** Share of a directive's tasks that are done, for its progress bar. */
export function completedShare(directive: DirectiveView): { completed: number; total: number; percent: number } {
  const total = directive.progress?.total ?? 0;
  const completed = directive.progress?.byStatus.completed ?? 0;
  return { completed, total, percent: total === 0 ? 0 : Math.round((completed / total) * 100) };
}

/** The clerk's unit's directives, newest first as the API lists them, each with its progress. */
export function DirectivesPage() {
  const { t, i18n } = useTranslation();
  const principal = usePrincipal();
  const directives = useQuery({
    queryKey: ['directives', principal.unitId],
    queryFn: () => api<Page<DirectiveView>>(withQuery('/directives', { issuerUnitId: principal.unitId, limit: 100 })),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('clerk.directives')}</Title>
        <Group gap="xs">
          <Button component={Link} to="/directives/new" variant="outline">
            {t('newDirective.title')}
          </Button>
          <Button component={Link} to="/intake">
            {t('clerk.readLetter')}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={directives.error} />
      {directives.data?.items.length === 0 && <Text>{t('clerk.empty')}</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {(directives.data?.items ?? []).map((directive) => {
          const share = completedShare(directive);
          return (
            <Paper component="li" withBorder p="sm" key={directive.id}>
              <Group justify="space-between" wrap="wrap">
                <Anchor component={Link} to={`/directives/${directive.id}`} fw={600}>
                  {directive.number} — {directive.subject}
                </Anchor>
                {directive.status === 'withdrawn' && <Badge color="gray.7">{t('clerk.withdrawn')}</Badge>}
              </Group>
              <Text size="sm">
                {t('clerk.issuedAt')}: {formatDateTime(directive.issuedAt, i18n.language)} ·{' '}
                {t('clerk.completedOf', { completed: share.completed, total: share.total })}
              </Text>
              <Progress
                mt={6}
                value={share.percent}
                aria-label={t('clerk.completedOf', { completed: share.completed, total: share.total })}
              />
            </Paper>
          );
        })}
      </Stack>
    </Stack>
  );
}
