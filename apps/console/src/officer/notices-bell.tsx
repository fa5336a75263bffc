import { ActionIcon, Badge, Button, Indicator, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, withQuery } from '../api/client';
import type { NotificationView, Page } from '../api/types';
import { usePrincipal } from '../auth/session';
import { formatDateTime } from '../format/time';
import { LIVE_INTERVAL_MS } from '../live/live';

/** Until issue 11's unread endpoints arrive, "read" is remembered on this browser: the newest notice seen. */
function seenKey(sub: string, unitId: string): string {
  return `dondoc.noticesSeen.${sub}@${unitId}`;
}

/** The bell in the header: the unit's notices, how many arrived since the person last looked. */
export function NoticesBell() {
  const { t, i18n } = useTranslation();
  const principal = usePrincipal();
  const key = seenKey(principal.sub, principal.unitId);
  const [seenUntil, setSeenUntil] = useState(() => window.localStorage.getItem(key) ?? '');
  const notices = useQuery({
    queryKey: ['notifications', principal.unitId],
    queryFn: () => api<Page<NotificationView>>(withQuery('/notifications', { unitId: principal.unitId, limit: 50 })),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const items = notices.data?.items ?? [];
  const unread = items.filter((notice) => notice.createdAt > seenUntil).length;
  const markRead = () => {
    const newest = items.reduce((latest, notice) => (notice.createdAt > latest ? notice.createdAt : latest), seenUntil);
    window.localStorage.setItem(key, newest);
    setSeenUntil(newest);
  };

  return (
    <Indicator label={unread} size={16} disabled={unread === 0} color="red.9">
      {/* The list opens at the end of the page (a portal): without the trap, Tab from the bell
          would walk the whole page before reaching a notice, and Escape would leave the focus nowhere. */}
      <Popover width={340} position="bottom-end" shadow="md" trapFocus returnFocus>
        <Popover.Target>
          <ActionIcon variant="default" size="lg" aria-label={t('notices.open', { count: unread })}>
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs">
            <Text fw={600}>{t('notices.title')}</Text>
            {items.length === 0 && <Text size="sm">{t('notices.empty')}</Text>}
            <ScrollArea.Autosize mah={320}>
              <Stack gap="xs">
                {items.map((notice) => (
                  <Text key={notice.id} size="sm" component={Link} to={`/tasks/${notice.taskId}`} td="none" c="inherit">
                    <Badge size="xs" mr={4} color={notice.kind === 'reminder' ? 'blue' : 'red'}>
                      {t(`notices.${notice.kind}`)}
                    </Badge>
                    {formatDateTime(notice.createdAt, i18n.language)} · {notice.message}
                  </Text>
                ))}
              </Stack>
            </ScrollArea.Autosize>
            {unread > 0 && (
              <Button size="xs" variant="outline" onClick={markRead}>
                {t('notices.markRead')}
              </Button>
            )}
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

/** A bell drawn inline: no icon font, no emoji font needed on the machine. */
function BellIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
