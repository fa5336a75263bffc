import { Alert, Badge, Button, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client';
import type { ImportResult, Page, UnitView } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { parseImport, type ParsedImport } from './import-preview';

/** The administrator's import of the organisation tree: paste, see what changes, then import all or nothing. */
export function UnitsImportPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const existing = useQuery({
    queryKey: ['units', 'all'],
    queryFn: () => api<Page<UnitView>>(withQuery('/units', { limit: 500 })),
  });
  const preview = useMemo((): { parsed: ParsedImport } | { problem: string } | null => {
    if (shown === null) return null;
    try {
      return { parsed: parseImport(shown) };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  }, [shown]);
  const known = new Set((existing.data?.items ?? []).map((unit) => unit.id));
  const importUnits = useMutation({
    mutationFn: (parsed: ParsedImport) =>
      api<ImportResult>('/units/import', {
        method: 'POST',
        text: { contentType: parsed.format === 'csv' ? 'text/csv' : 'application/json', content: shown ?? '' },
      }),
  });
  const rows = preview !== null && 'parsed' in preview ? preview.parsed.rows : [];
  const created = rows.filter((row) => !known.has(row.id)).length;

  return (
    <Stack>
      <Title order={1}>{t('admin.import')}</Title>
      <Textarea
        label={t('admin.source')}
        autosize
        minRows={6}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
      />
      <Button w="fit-content" variant="outline" onClick={() => setShown(text)}>
        {t('admin.preview')}
      </Button>
      {preview !== null && 'problem' in preview && (
        <Alert color="red" role="alert" title={t('admin.unreadable', { problem: preview.problem })} />
      )}
      {preview !== null && 'parsed' in preview && (
        <section aria-label={t('admin.preview')}>
          <Text fw={600}>{t('admin.previewTitle', { created, updated: rows.length - created })}</Text>
          <Table.ScrollContainer minWidth={480}>
            <Table striped>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td>
                      <Badge variant="outline" color={known.has(row.id) ? 'gray.8' : 'teal.9'}>
                        {known.has(row.id) ? t('admin.isUpdate') : t('admin.isNew')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{row.id}</Table.Td>
                    <Table.Td>{row.name}</Table.Td>
                    <Table.Td>{row.level}</Table.Td>
                    <Table.Td>{row.parentId}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group mt="sm">
            <Button onClick={() => importUnits.mutate(preview.parsed)} loading={importUnits.isPending}>
              {t('admin.submit')}
            </Button>
          </Group>
        </section>
      )}
      <ErrorAlert error={importUnits.error} />
      {importUnits.data !== undefined && (
        <Alert color="green" role="status" title={t('admin.done', importUnits.data)} />
      )}
    </Stack>
  );
}
