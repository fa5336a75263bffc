import { Badge, Button, Group, Paper, Progress, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TaskView } from '../api/types';
import { usePrincipal } from '../auth/session';
import { ErrorAlert } from '../errors/error-alert';
import { formatDateTimeWithWeekday } from '../format/time';
import { workingDaysLeft } from '../format/working-days';
import { useLiveInterval } from '../live/live';
import { DEFAULT_FILTERS, keepDueThisWeek, STATUS_CHOICES, type InboxFilters } from './inbox-filters';
import { inboxQuery } from './inbox-query';

/** "Việc của tôi": the unit's tasks, least time left first (the API sorts by deadline), live. */
export function InboxPage() {
  const { t } = useTranslation();
  const principal = usePrincipal();
  const [filters, setFilters] = useState<InboxFilters>(DEFAULT_FILTERS);
  const liveInterval = useLiveInterval();
  const tasks = useInfiniteQuery({ ...inboxQuery(principal.unitId, filters), refetchInterval: liveInterval });
  const shown = useMemo(() => {
    const all = tasks.data?.pages.flatMap((page) => page.items) ?? [];
    return filters.dueThisWeek ? keepDueThisWeek(all) : all;
  }, [tasks.data, filters.dueThisWeek]);

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
        {shown.map((task) => (
          <InboxRow key={task.id} task={task} />
        ))}
      </Stack>
      {tasks.hasNextPage && (
        <Button variant="outline" onClick={() => void tasks.fetchNextPage()} loading={tasks.isFetchingNextPage}>
          {t('inbox.more')}
        </Button>
      )}
    </Stack>
  );
}

/**
 * Rows below the screen are laid out and painted only when scrolled to (their height guessed until
 * then): a page of 100 rows costs the first screen what the dozen it shows cost.
 */
const ROW_STYLE = { contentVisibility: 'auto', containIntrinsicSize: 'auto 6.5rem' } as const;

function InboxRow({ task }: { task: TaskView }) {
  const { t, i18n } = useTranslation();
  const left = workingDaysLeft(task.dueAt);
  return (
    <Paper component="li" withBorder p="sm" data-testid="inbox-row" style={ROW_STYLE}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text component={Link} to={`/tasks/${task.id}`} fw={600} c="blue.9" style={{ flex: '1 1 16rem' }}>
          {task.instructions}
        </Text>
        <Group gap={4}>
          <Badge variant="outline" color="gray.8">
            {t(`status.${task.status}`)}
          </Badge>
          {task.overdue && <Badge color="red.9">{t('inbox.overdue')}</Badge>}
          {task.escalated && <Badge color="#a63c06">{t('inbox.escalated')}</Badge>}
        </Group>
      </Group>
      <Group gap="md" mt={4} wrap="wrap">
        <Text size="sm">
          {t('inbox.due')}: {formatDateTimeWithWeekday(task.dueAt, i18n.language)}
        </Text>
        <Text size="sm" fw={500} c={left < 0 ? 'red.9' : undefined}>
          {left > 0
            ? t('inbox.workingDaysLeft', { count: left })
            : left === 0
              ? t('inbox.dueToday')
              : t('inbox.workingDaysOver', { count: -left })}
        </Text>
        <Text size="sm">{t(`taskRole.${task.role}`)}</Text>
      </Group>
      {task.progress.percent > 0 && (
        <Progress
          mt={6}
          value={task.progress.percent}
          aria-label={t('inbox.progress', { percent: task.progress.percent })}
        />
      )}
    </Paper>
  );
}
