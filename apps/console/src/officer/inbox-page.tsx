import { Button, Group, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { startTransition, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePrincipal } from '../auth/session';
import { ErrorAlert } from '../errors/error-alert';
import { useLiveInterval } from '../live/live';
import { DEFAULT_FILTERS, keepDueThisWeek, STATUS_CHOICES, type InboxFilters } from './inbox-filters';
import { inboxQuery } from './inbox-query';
import { InboxRow } from './inbox-row';

/**
 * Rows in the list's first render: more than the tallest screen shows. The rest of the page
 * follows in a transition right after, so a page of 100 rows shows its first screen at the cost
 * of these (bench/console), and the keyboard still reaches every row.
 */
const FIRST_RENDER_ROWS = 20;

/** "Việc của tôi": the unit's tasks, least time left first (the API sorts by deadline), live. */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const principal = usePrincipal();
  const [filters, setFilters] = useState<InboxFilters>(DEFAULT_FILTERS);
  const liveInterval = useLiveInterval();
  const tasks = useInfiniteQuery({ ...inboxQuery(principal.unitId, filters), refetchInterval: liveInterval });
  const shown = useMemo(() => {
    const all = tasks.data?.pages.flatMap((page) => page.items) ?? [];
    return filters.dueThisWeek ? keepDueThisWeek(all) : all;
  }, [tasks.data, filters.dueThisWeek]);
  const [everyRow, setEveryRow] = useState(false);
  const cut = !everyRow && shown.length > FIRST_RENDER_ROWS;
  useEffect(() => {
    if (cut) startTransition(() => setEveryRow(true));
  }, [cut]);
  const rendered = cut ? shown.slice(0, FIRST_RENDER_ROWS) : shown;

  return (
    <Stack>
      <Title order={1}>{t('inbox.title')}</Title>
      <Text c="gray.7">{t('inbox.unit', { unit: principal.unitId })}</Text>
      <Group align="end">
        <Select
          label={t('inbox.status')}
          value={filters.status}
          allowDeselect={false}
          onChange={(value) => setFilters({ ...filters, status: (value ?? 'open') as InboxFilters['status'] })}
          data={STATUS_CHOICES.map((choice) => ({
            value: choice,
            label: choice === 'open' ? t('inbox.anyStatus') : t(`status.${choice}`),
          }))}
        />
        <Switch
          label={t('inbox.overdueOnly')}
          checked={filters.overdueOnly}
          onChange={(event) => setFilters({ ...filters, overdueOnly: event.currentTarget.checked })}
        />
        <Switch
          label={t('inbox.dueThisWeek')}
          checked={filters.dueThisWeek}
          onChange={(event) => setFilters({ ...filters, dueThisWeek: event.currentTarget.checked })}
        />
      </Group>
      <ErrorAlert error={tasks.error} />
      {tasks.isPending && <Text>{t('common.loading')}</Text>}
      {tasks.isSuccess && shown.length === 0 && <Text>{t('inbox.empty')}</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} aria-label={t('inbox.title')} style={{ listStyle: 'none' }}>
        {rendered.map((task) => (
          <InboxRow key={task.id} task={task} t={t} language={i18n.language} />
        ))}
      </Stack>
      {tasks.hasNextPage && !cut && (
        <Button variant="outline" onClick={() => void tasks.fetchNextPage()} loading={tasks.isFetchingNextPage}>
          {t('inbox.more')}
        </Button>
      )}
    </Stack>
  );
}
