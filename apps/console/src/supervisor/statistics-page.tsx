import { Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { api, currentToken, withQuery } from '../api/client';
import type { UnitStatisticsReport, UnitStatisticsRow } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { ScrollRegion } from '../layout/scroll-region';
import { parseVietnameseDate } from '../format/time';
import { attachmentName, defaultPeriod, monthsOf, typedDay, type Period } from './statistics-period';

// The chart library comes with the heatmap only: the tables show while it loads.
const OnTimeHeatmap = lazy(() => import('./on-time-heatmap').then((m) => ({ default: m.OnTimeHeatmap })));

/** The report of one period, as the statistics API answers it. */
function unitsReport(period: Period): Promise<UnitStatisticsReport> {
  return api<UnitStatisticsReport>(withQuery('/statistics/units', { from: period.from, to: period.to }));
}

/** `0.75` as `75%`; a dash when nothing has come due. */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)}%`;
}

/** Saves the XLSX report of the period through the browser, under the name the API gives it. */
async function downloadXlsx(period: Period): Promise<void> {
  const token = await currentToken();
  const response = await fetch(`/api/v1${withQuery('/statistics/units.xlsx', { ...period })}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new ApiError(response.status, null);
  const name = attachmentName(response.headers.get('content-disposition'), 'thong-ke.xlsx');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click has handed the file to the browser; the object URL can go once it has started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The supervisor's statistics: the period, a heatmap of on-time rate per unit and month, the per-unit table. */
export function StatisticsPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>(() => defaultPeriod());
  const [typed, setTyped] = useState({ from: typedDay(period.from), to: typedDay(period.to) });
  const [problems, setProblems] = useState<{ from?: string; to?: string }>({});
  const report = useQuery({ queryKey: ['statistics', 'units', period], queryFn: () => unitsReport(period) });
  const months = monthsOf(period);
  const perMonth = useQueries({
    queries: months.map((month) => ({
      queryKey: ['statistics', 'units', { from: month.from, to: month.to }],
      queryFn: () => unitsReport(month),
    })),
  });
  const download = useMutation({ mutationFn: () => downloadXlsx(period) });
  const show = () => {
    const from = parseVietnameseDate(typed.from);
    const to = parseVietnameseDate(typed.to);
    setProblems({
      ...(from === null ? { from: t('statistics.badDate') } : {}),
      ...(to === null ? { to: t('statistics.badDate') } : {}),
    });
    if (from !== null && to !== null) setPeriod({ from, to });
  };
  const monthReports = perMonth.map((query) => query.data);
  const monthsReady = monthReports.every((data) => data !== undefined);

  return (
    <Stack>
      <Title order={1}>{t('statistics.title')}</Title>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t('statistics.from')}
          value={typed.from}
          error={problems.from}
          onChange={(event) => setTyped({ ...typed, from: event.currentTarget.value })}
        />
        <TextInput
          label={t('statistics.to')}
          value={typed.to}
          error={problems.to}
          onChange={(event) => setTyped({ ...typed, to: event.currentTarget.value })}
        />
        <Button variant="outline" onClick={show}>
          {t('statistics.show')}
        </Button>
        <Button onClick={() => download.mutate()} loading={download.isPending}>
          {t('statistics.download')}
        </Button>
      </Group>
      <ErrorAlert error={report.error ?? download.error ?? perMonth.find((query) => query.error)?.error} />
      {report.data !== undefined && <Text size="sm">{report.data.scope.text}</Text>}
      <Paper withBorder p="sm">
        <Title order={2} size="h3">
          {t('statistics.heatmap')}
        </Title>
        <Text size="sm" c="gray.7" mb="xs">
          {t('statistics.heatmapHint')}
        </Text>
        {report.data !== undefined && monthsReady && (
          <Suspense fallback={<Text>{t('common.loading')}</Text>}>
            <OnTimeHeatmap
              units={report.data.units}
              months={months.map((month, i) => ({ label: month.label, report: monthReports[i] }))}
            />
          </Suspense>
        )}
      </Paper>
      {report.data !== undefined && <UnitsTable report={report.data} />}
    </Stack>
  );
}

/** One row's figures, in the order of the table's columns. */
function figures(row: UnitStatisticsReport['totals']): (number | string)[] {
  return [
    row.due,
    row.completedOnTime.byExtendedDeadline,
    row.completedLate,
    row.openWithinDeadline,
    row.overdue,
    percent(row.onTimeRate),
  ];
}

function UnitsTable({ report }: { report: UnitStatisticsReport }) {
  const { t } = useTranslation();
  const headings = ['due', 'onTime', 'late', 'open', 'overdue', 'onTimeRate'] as const;
  if (report.units.length === 0) return <Text>{t('statistics.empty')}</Text>;
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h3" mb="xs">
        {t('statistics.table')}
      </Title>
      <ScrollRegion label={t('statistics.table')} minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('statistics.unit')}</Table.Th>
              {headings.map((heading) => (
                <Table.Th scope="col" key={heading} ta="right">
                  {t(`statistics.${heading}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.units.map((row: UnitStatisticsRow) => (
              <Table.Tr key={row.unitId} data-testid="statistics-row">
                <Table.Th scope="row" fw={400}>
                  {row.unitName}
                </Table.Th>
                {figures(row).map((value, i) => (
                  <Table.Td key={headings[i]} ta="right">
                    {value}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th scope="row">{t('statistics.totals')}</Table.Th>
              {figures(report.totals).map((value, i) => (
                <Table.Td key={headings[i]} ta="right" fw={700}>
                  {value}
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </ScrollRegion>
    </Paper>
  );
}
