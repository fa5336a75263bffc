import { Button, Code, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client';
import type { AuditRecordView, Page } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { ScrollRegion } from '../layout/scroll-region';
import { formatDateTime, parseVietnameseDate } from '../format/time';
import { AuditVerification } from './audit-verification';

/** The filters as typed: who, what, which target, and a period of Vietnam days. */
interface AuditFilters {
  actor: string;
  action: string;
  targetId: string;
  from: string;
  to: string;
}

const NO_FILTERS: AuditFilters = { actor: '', action: '', targetId: '', from: '', to: '' };

/** A typed day as the instant it starts in Vietnam (UTC+7, no daylight saving). */
function startOfVietnamDay(day: string): string {
  return new Date(`${day}T00:00:00+07:00`).toISOString();
}

/**
 * The query GET /audit takes: empty filters left out, `to` made exclusive (the day after the last
 * day typed), a date that is no date sent as typed so the API names the field in its 400.
 */
export function auditQuery(filters: AuditFilters): Record<string, string | undefined> {
  const day = (typed: string, plusDays: number): string | undefined => {
    if (typed.trim() === '') return undefined;
    const parsed = parseVietnameseDate(typed);
    if (parsed === null) return typed;
    const start = new Date(startOfVietnamDay(parsed));
    return new Date(start.getTime() + plusDays * 86_400_000).toISOString();
  };
  const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
  return {
    actor: text(filters.actor),
    action: text(filters.action),
    targetId: text(filters.targetId),
    from: day(filters.from, 0),
    to: day(filters.to, 1),
  };
}

/** The administrator's audit trail: records filtered and paged in chain order, and the chain's check. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [typed, setTyped] = useState<AuditFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(NO_FILTERS);
  const records = useInfiniteQuery({
    queryKey: ['audit', applied],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api<Page<AuditRecordView>>(withQuery('/audit', { ...auditQuery(applied), limit: 50, cursor: pageParam })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = records.data?.pages.flatMap((page) => page.items) ?? [];
  const field = (name: keyof AuditFilters) => ({
    label: t(`audit.${name}`),
    value: typed[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => setTyped({ ...typed, [name]: event.currentTarget.value }),
  });

  return (
    <Stack>
      <Title order={1}>{t('audit.title')}</Title>
      <AuditVerification />
      <Paper withBorder p="sm">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setApplied(typed);
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <TextInput {...field('actor')} />
            <TextInput {...field('action')} placeholder="task.acknowledge" />
            <TextInput {...field('targetId')} />
            <TextInput {...field('from')} placeholder="01/12/2026" />
            <TextInput {...field('to')} placeholder="31/12/2026" />
            <Button type="submit">{t('audit.filter')}</Button>
          </Group>
        </form>
      </Paper>
      <ErrorAlert error={records.error} />
      {records.data !== undefined && items.length === 0 && <Text>{t('audit.empty')}</Text>}
      {items.length > 0 && (
        <ScrollRegion label={t('audit.title')} minWidth={720}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('audit.seq')}</Table.Th>
                <Table.Th scope="col">{t('audit.at')}</Table.Th>
                <Table.Th scope="col">{t('audit.actor')}</Table.Th>
                <Table.Th scope="col">{t('audit.unit')}</Table.Th>
                <Table.Th scope="col">{t('audit.action')}</Table.Th>
                <Table.Th scope="col">{t('audit.target')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((record) => (
                <Table.Tr key={record.seq} data-testid="audit-row">
                  <Table.Td>{record.seq}</Table.Td>
                  <Table.Td>{formatDateTime(record.at, i18n.language)}</Table.Td>
                  <Table.Td>{record.actor}</Table.Td>
                  <Table.Td>{record.unitId ?? '–'}</Table.Td>
                  <Table.Td>
                    <Code>{record.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    {record.targetType} {record.targetId}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
      {records.hasNextPage && (
        <Button
          variant="outline"
          w="fit-content"
          onClick={() => void records.fetchNextPage()}
          loading={records.isFetchingNextPage}
        >
          {t('audit.more')}
        </Button>
      )}
    </Stack>
  );
}
