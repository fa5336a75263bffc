import { Anchor, Badge, Box, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import type { CascadeCounts, CascadeDirectiveNode, CascadeTaskNode, CascadeTreeView } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { formatDateTime } from '../format/time';
import { LIVE_INTERVAL_MS } from '../live/live';

/** Completed tasks, on time or late: the "done" of a node's roll-up. */
function doneOf(counts: CascadeCounts): number {
  return counts.completedOnTime + counts.completedLate;
}

/** Open, overdue and done of a node, as badges; overdue only when there is some. */
function CountBadges({ counts }: { counts: CascadeCounts }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap">
      <Badge variant="outline" color="blue.9">
        {t('cascade.openCount', { count: counts.open })}
      </Badge>
      {counts.overdue > 0 && <Badge color="red.9">{t('cascade.overdueCount', { count: counts.overdue })}</Badge>}
      <Badge variant="outline" color="teal.9">
        {t('cascade.doneCount', { count: doneOf(counts) })}
      </Badge>
    </Group>
  );
}

/** A branch with overdue work below it: a red rule on its left, and said in words for screen readers. */
function branchStyle(overdue: boolean) {
  return overdue
    ? { borderLeft: '4px solid var(--mantine-color-red-8)', paddingLeft: 8 }
    : { borderLeft: '4px solid transparent', paddingLeft: 8 };
}

/**
 * A directive of the cascade and its tasks, each task that another directive carries out
 * expandable to that directive; open from the root down to where work is overdue.
 */
function DirectiveBranch({ node, language }: { node: CascadeDirectiveNode; language: string }) {
  const { t } = useTranslation();
  return (
    <Box component="li" style={branchStyle(node.counts.overdue > 0)} data-testid="cascade-directive">
      <Group gap="xs" wrap="wrap">
        <Anchor component={Link} to={`/directives/${node.id}`} fw={700}>
          {node.number}
        </Anchor>
        <Text size="sm" c="gray.7">
          {t('cascade.issuer')}: {node.issuerUnitId}
        </Text>
        <CountBadges counts={node.counts} />
      </Group>
      <Stack component="ul" gap={4} mt={4} p={0} pl="md" style={{ listStyle: 'none' }}>
        {node.tasks.map((task) => (
          <TaskBranch key={task.id} task={task} language={language} />
        ))}
      </Stack>
    </Box>
  );
}

function TaskBranch({ task, language }: { task: CascadeTaskNode; language: string }) {
  const { t } = useTranslation();
  const below = task.counts;
  const overdue = task.overdue || (below?.overdue ?? 0) > 0;
  const [expanded, setExpanded] = useState(overdue);
  const subtreeId = `cascade-below-${task.id}`;
  const summary = (
    <Group gap="xs" wrap="wrap">
      <Text fw={600}>{task.unitId}</Text>
      <Badge variant="outline" color="gray.8">
        {t(`status.${task.status}`)}
      </Badge>
      <Text size="sm">{t('cascade.due', { date: formatDateTime(task.dueAt, language) })}</Text>
      {task.overdue && <Badge color="red.9">{t('inbox.overdue')}</Badge>}
      {task.escalated && <Badge color="orange.9">{t('inbox.escalated')}</Badge>}
      {below !== undefined && <CountBadges counts={below} />}
      {overdue && task.implementedBy.length > 0 && (
        <Text size="xs" c="red.9">
          {t('cascade.overdueBranch')}
        </Text>
      )}
    </Group>
  );
  return (
    <Box component="li" style={branchStyle(overdue)} data-testid="cascade-task">
      {task.implementedBy.length === 0 ? (
        summary
      ) : (
        <>
          <UnstyledButton
            aria-expanded={expanded}
            aria-controls={subtreeId}
            onClick={() => setExpanded((open) => !open)}
            w="100%"
          >
            <Group gap={6} wrap="nowrap" align="flex-start">
              <Text aria-hidden>{expanded ? '▾' : '▸'}</Text>
              {summary}
            </Group>
          </UnstyledButton>
          {expanded && (
            <Stack component="ul" id={subtreeId} gap={4} mt={4} p={0} pl="md" style={{ listStyle: 'none' }}>
              {task.implementedBy.map((directive) => (
                <DirectiveBranch key={directive.id} node={directive} language={language} />
              ))}
            </Stack>
          )}
        </>
      )}
    </Box>
  );
}

/** The cascade below a directive, for its supervisor or clerk: who carries it out, and where it is late. */
export function CascadeTreePage() {
  const { t, i18n } = useTranslation();
  const { directiveId = '' } = useParams();
  const tree = useQuery({
    queryKey: ['cascade', directiveId],
    queryFn: () => api<CascadeTreeView>(`/directives/${encodeURIComponent(directiveId)}/tree`),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  return (
    <Stack>
      <ErrorAlert error={tree.error} />
      {tree.data !== undefined && (
        <>
          <Title order={1} size="h2">
            {t('cascade.title', { number: tree.data.root.number })}
          </Title>
          <Paper withBorder p="sm">
            <Group justify="space-between" wrap="wrap">
              <Text>
                {t('cascade.totals', { directives: tree.data.directiveCount, total: tree.data.totals.total })}
              </Text>
              <CountBadges counts={tree.data.totals} />
            </Group>
          </Paper>
          <Stack component="ul" aria-label={t('cascade.tree')} gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            <DirectiveBranch node={tree.data.root} language={i18n.language} />
          </Stack>
        </>
      )}
    </Stack>
  );
}
