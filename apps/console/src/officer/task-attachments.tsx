import { Anchor, Button, FileInput, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { api, callHeaders } from '../api/client';
import type { AttachmentView, ErrorBody } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { formatDateTime } from '../format/time';
import { reachableClearButton } from '../layout/clear-button';
import { LIVE_INTERVAL_MS } from '../live/live';

/** The task's files, oldest first, as the timeline merges them in. */
export function useAttachments(taskId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['task', taskId, 'attachments'],
    queryFn: () => api<{ items: AttachmentView[] }>(`/tasks/${encodeURIComponent(taskId)}/attachments`),
    enabled,
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** POST /tasks/:id/attachments as multipart (field `file`), which the JSON client does not send. */
async function uploadFile(taskId: string, file: File): Promise<AttachmentView> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers = await callHeaders();
  let response: Response;
  try {
    response = await fetch(`/api/v1/tasks/${encodeURIComponent(taskId)}/attachments`, {
      method: 'POST',
      headers: { accept: 'application/json', ...headers },
      body: form,
    });
  } catch {
    throw new ApiError(0, null);
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) throw new ApiError(response.status, isErrorBody(body) ? body : null);
  return body as AttachmentView;
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && 'statusCode' in body && 'message' in body;
}

/** What the file input says of a refused upload: the API's own words for the file, else what 413 and 415 mean. */
function fileProblem(error: unknown, t: (key: string) => string): string | undefined {
  if (!(error instanceof ApiError) || ![400, 413, 415].includes(error.status)) return undefined;
  const problem = error.fieldProblems()['file'];
  if (problem !== undefined) return problem;
  if (error.status === 413) return t('attachments.tooLargeUnknown');
  if (error.status === 415) return t('attachments.badType');
  return undefined;
}

/** A readable size: bytes, KB or MB. */
function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The task's attachments: the list with a download of each (the browser fetches it with the
 * token, then saves it under its own name), and an upload while the person may attach.
 */
export function TaskAttachments({ taskId, canUpload }: { taskId: string; canUpload: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const attachments = useAttachments(taskId, true);
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadFile(taskId, chosen),
    onSuccess: async () => {
      setFile(null);
      await queryClient.invalidateQueries({ queryKey: ['task', taskId, 'attachments'] });
    },
  });
  const download = useMutation({ mutationFn: (attachment: AttachmentView) => save(attachment) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file !== null) upload.mutate(file);
  };
  const problem = fileProblem(upload.error, t);
  return (
    <Paper withBorder p="md" component="section" aria-label={t('attachments.title')}>
      <Title order={2} size="h3" mb="sm">
        {t('attachments.title')}
      </Title>
      <ErrorAlert error={attachments.error ?? download.error} />
      {attachments.data?.items.length === 0 && <Text>{t('attachments.empty')}</Text>}
      <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {(attachments.data?.items ?? []).map((attachment) => (
          <li key={attachment.id}>
            <Anchor
              component="button"
              type="button"
              onClick={() => download.mutate(attachment)}
              aria-label={t('attachments.download', { name: attachment.fileName })}
              style={{ wordBreak: 'break-all' }}
            >
              {attachment.fileName}
            </Anchor>
            <Text size="xs" c="gray.7">
              {t('attachments.size', {
                size: sizeText(attachment.size),
                by: attachment.uploadedBy,
                at: formatDateTime(attachment.createdAt, i18n.language),
              })}
            </Text>
          </li>
        ))}
      </Stack>
      {canUpload && (
        <Stack component="form" gap="xs" mt="sm" onSubmit={submit} aria-label={t('attachments.upload')}>
          <FileInput
            label={t('attachments.file')}
            value={file}
            onChange={setFile}
            clearable
            clearButtonProps={reachableClearButton(t('common.clear'))}
            error={problem}
          />
          {problem === undefined && <ErrorAlert error={upload.error} />}
          <Group>
            <Button type="submit" disabled={file === null} loading={upload.isPending}>
              {t('attachments.upload')}
            </Button>
            {upload.isSuccess && (
              <Text size="sm" role="status">
                {t('attachments.uploaded', { name: upload.data.fileName })}
              </Text>
            )}
          </Group>
        </Stack>
      )}
    </Paper>
  );
}

/** Downloads with the person's token (a plain link would carry none) and hands the bytes to the browser under the file's name. */
async function save(attachment: AttachmentView): Promise<void> {
  const headers = await callHeaders();
  let response: Response;
  try {
    response = await fetch(`/api/v1/attachments/${attachment.id}`, {
      headers,
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as unknown;
    throw new ApiError(response.status, isErrorBody(body) ? body : null);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
