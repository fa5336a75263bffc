import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Grid,
  List,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, callHeaders, withQuery } from '../api/client';
import { ApiError } from '../api/api-error';
import type { DirectiveDraft, DirectiveView, Page, ReadLetter, UnitMatch, UnitView } from '../api/types';
import { usePrincipal } from '../auth/session';
import { ErrorAlert } from '../errors/error-alert';
import { fieldError } from '../errors/error-text';
import { parseVietnameseDate } from '../format/time';
import { reachableClearButton } from '../layout/clear-button';

/** Sends a file as the API's multipart intake expects it (the JSON client is for JSON bodies). */
async function readFile(file: File): Promise<ReadLetter> {
  const form = new FormData();
  form.set('file', file);
  const response = await fetch('/api/v1/intake', { method: 'POST', body: form, headers: await callHeaders() });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body as ApiError['body']);
  return body as ReadLetter;
}

/**
 * "Đọc công văn": a letter pasted or uploaded is read into a draft, shown field by field beside
 * its text; the clerk picks a unit for every name the reader could not match, sets the deadline
 * and confirms, which issues the directive exactly as the form would.
 */
export function IntakePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const principal = usePrincipal();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [draft, setDraft] = useState<DirectiveDraft | null>(null);
  const [due, setDue] = useState('');
  const [reviewRequired, setReviewRequired] = useState(true);
  const units = useQuery({
    queryKey: ['units', 'all'],
    queryFn: () => api<Page<UnitView>>(withQuery('/units', { limit: 500 })),
  });
  const read = useMutation({
    mutationFn: () => (file !== null ? readFile(file) : api<ReadLetter>('/intake', { method: 'POST', body: { text } })),
    onSuccess: (letter) => setDraft(letter.draft),
  });
  const confirm = useMutation({
    mutationFn: (confirmed: DirectiveDraft) =>
      api<DirectiveView>('/intake/confirm', {
        method: 'POST',
        body: {
          draft: confirmed,
          issuerUnitId: principal.unitId,
          dueAt: parseVietnameseDate(due) ?? due,
          reviewRequired,
        },
      }),
    onSuccess: (directive) => void navigate(`/directives/${directive.id}`),
  });
  const unitChoices = (match: UnitMatch) => {
    const known = new Map((units.data?.items ?? []).map((unit) => [unit.id, `${unit.name} (${unit.id})`]));
    const ids = new Set([
      ...(match.candidates ?? []),
      ...(match.unitId === null ? [] : [match.unitId]),
      ...known.keys(),
    ]);
    return [...ids].map((id) => ({ value: id, label: known.get(id) ?? id }));
  };
  const setMatch = (index: number, unitId: string | null) => {
    if (draft === null) return;
    const matches = draft.matches.map((match, i) => (i === index ? { ...match, unitId, unitIds: undefined } : match));
    setDraft({ ...draft, matches });
  };

  return (
    <Stack>
      <Title order={1}>{t('intake.title')}</Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md">
            <Stack>
              <Textarea
                label={t('intake.paste')}
                autosize
                minRows={12}
                maxRows={30}
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                error={fieldError(read.error, 'text')}
              />
              <FileInput
                label={t('intake.upload')}
                value={file}
                onChange={setFile}
                clearable
                clearButtonProps={reachableClearButton(t('common.clear'))}
              />
              <Button onClick={() => read.mutate()} loading={read.isPending}>
                {t('intake.read')}
              </Button>
              <ErrorAlert error={read.error} shownFields={['text']} />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          {draft !== null && (
            <Paper withBorder p="md" component="section" aria-label={t('intake.draft')}>
              <Stack>
                <Title order={2} size="h3">
                  {t('intake.draft')}
                </Title>
                <TextInput
                  label={t('intake.reference')}
                  value={draft.reference ?? ''}
                  onChange={(event) => setDraft({ ...draft, reference: event.currentTarget.value })}
                  error={fieldError(confirm.error, 'draft.reference')}
                />
                <TextInput label={t('intake.type')} value={draft.type ?? ''} readOnly />
                <TextInput label={t('intake.issuer')} value={draft.issuer.name ?? ''} readOnly />
                <TextInput label={t('intake.issuedOn')} value={draft.issuedOn ?? ''} readOnly />
                <Textarea
                  label={t('intake.subject')}
                  autosize
                  value={draft.subject ?? ''}
                  onChange={(event) => setDraft({ ...draft, subject: event.currentTarget.value })}
                />
                <Text fw={600}>{t('intake.sections')}</Text>
                <List size="sm">
                  {draft.sections.map((section) => (
                    <List.Item key={section.number}>
                      {section.number}. {section.units.join(', ')} — {section.instructions.join(' ')}
                    </List.Item>
                  ))}
                </List>
                <Text fw={600}>{t('intake.matches')}</Text>
                {draft.matches.map((match, index) => (
                  <Select
                    key={`${match.text}-${index}`}
                    label={t('intake.matchedUnit', { text: match.text })}
                    searchable
                    clearable
                    clearButtonProps={reachableClearButton(t('common.clear'))}
                    limit={50}
                    value={match.unitId}
                    onChange={(value) => setMatch(index, value)}
                    data={unitChoices(match)}
                    error={
                      match.unitId === null && (match.unitIds ?? []).length === 0 ? t('intake.unmatched') : undefined
                    }
                  />
                ))}
                {draft.warnings.length > 0 && (
                  <Alert color="yellow" title={t('intake.warnings')}>
                    <List size="sm">
                      {draft.warnings.map((warning) => (
                        <List.Item key={warning}>{warning}</List.Item>
                      ))}
                    </List>
                  </Alert>
                )}
                <TextInput
                  label={t('intake.dueAt')}
                  placeholder="31/12/2026"
                  value={due}
                  onChange={(event) => setDue(event.currentTarget.value)}
                  error={fieldError(confirm.error, 'dueAt')}
                />
                <Checkbox
                  label={t('intake.reviewRequired')}
                  checked={reviewRequired}
                  onChange={(event) => setReviewRequired(event.currentTarget.checked)}
                />
                <ErrorAlert error={confirm.error} shownFields={['dueAt', 'draft.reference']} />
                <Button onClick={() => confirm.mutate(draft)} loading={confirm.isPending}>
                  {t('intake.confirm')}
                </Button>
              </Stack>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
