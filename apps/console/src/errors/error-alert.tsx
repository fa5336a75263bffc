import { Alert, Button, List } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { errorText, otherFieldErrors } from './error-text';

/**
 * A failed call said in words, as an alert read out by screen readers; a 409 offers to reload what
 * changed, and a 400 lists the problems of fields that no input beside it shows.
 */
export function ErrorAlert({ error, shownFields = [] }: { error: unknown; shownFields?: readonly string[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  if (error === null || error === undefined) return null;
  const others = otherFieldErrors(error, shownFields);
  const conflict = error instanceof ApiError && error.status === 409;
  return (
    <Alert color={conflict ? 'yellow' : 'red'} role="alert" title={errorText(error, t)}>
      {others.length > 0 && (
        <List size="sm">
          {others.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      )}
      {conflict && (
        <Button size="xs" mt="xs" variant="outline" onClick={() => void queryClient.invalidateQueries()}>
          {t('errors.reload')}
        </Button>
      )}
    </Alert>
  );
}
