import { Alert, Button, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client';
import type { AuditVerificationView } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';

/** Records one request checks: a few seconds at most, so progress shows on a long chain. */
const SEGMENT = 100_000;

/** The whole chain's result: segments followed until one is complete. */
interface ChainResult {
  last: AuditVerificationView;
  checked: number;
}

/**
 * Checks the whole chain a segment at a time (GET /audit/verification), each segment starting
 * where the last ended, reporting how many records are checked so far.
 */
async function verifyChain(onProgress: (checked: number) => void): Promise<ChainResult> {
  let checked = 0;
  let afterSeq = 0;
  for (;;) {
    const segment = await api<AuditVerificationView>(withQuery('/audit/verification', { afterSeq, records: SEGMENT }));
    checked += segment.checked;
    onProgress(checked);
    if (segment.complete || segment.nextAfterSeq === null) return { last: segment, checked };
    afterSeq = segment.nextAfterSeq;
  }
}

/** The chain's check on the audit screen: "intact", or the first broken record and why. */
export function AuditVerification() {
  const { t } = useTranslation();
  const [progress, setProgress] = useState(0);
  const result = useQuery({
    queryKey: ['audit', 'verification'],
    queryFn: () => verifyChain(setProgress),
    staleTime: Infinity,
  });
  const again = (
    <Button size="xs" variant="default" mt="xs" onClick={() => void result.refetch()} loading={result.isFetching}>
      {t('audit.verifyAgain')}
    </Button>
  );
  if (result.error) return <ErrorAlert error={result.error} />;
  if (result.data === undefined || result.isFetching) {
    return (
      <Alert color="gray.9" title={t('audit.verification')} role="status" icon={<Loader size="xs" />}>
        {t('audit.verifying', { count: progress })}
      </Alert>
    );
  }
  const { last, checked } = result.data;
  if (last.broken === null) {
    return (
      <Alert color="green.9" role="status" title={t('audit.intact')}>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {t('audit.intactDetail', { count: checked, hash: last.lastHash })}
        </Text>
        {again}
      </Alert>
    );
  }
  return (
    <Alert color="red.9" role="alert" title={t('audit.broken', { seq: last.broken.seq })}>
      <Text size="sm">{t(`audit.reasons.${last.broken.reason}`)}</Text>
      <Text size="sm">{t('audit.brokenDetail', { count: checked })}</Text>
      {again}
    </Alert>
  );
}
