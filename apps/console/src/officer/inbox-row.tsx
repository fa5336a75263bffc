import { Badge, Progress } from '@mantine/core';
import type { TFunction } from 'i18next';
import { memo } from 'react';
import { Link } from 'react-router';
import type { TaskView } from '../api/types';
import { formatDateTimeWithWeekday } from '../format/time';
import { workingDaysLeft } from '../format/working-days';
import classes from './inbox-row.module.css';

/** What a row needs besides its task; the page's translation, so a row subscribes to no i18n events of its own. */
export interface InboxRowProps {
  task: TaskView;
  t: TFunction;
  language: string;
}

/**
 * One task of "Việc của tôi". Memoised: the poll's and the stream's refetches keep unchanged tasks
 * the same objects (TanStack's structural sharing), so only changed rows render again.
 */
export const InboxRow = memo(function InboxRow({ task, t, language }: InboxRowProps) {
  const left = workingDaysLeft(task.dueAt);
  return (
    <li className={classes.row} data-testid="inbox-row">
      <div className={classes.heading}>
        {/* Mantine's own focus ring, as its Text drew on this link: the keyboard's place is seen. */}
        <Link to={`/tasks/${task.id}`} className={`${classes.title} mantine-focus-auto`}>
          {task.instructions}
        </Link>
        <div className={classes.badges}>
          <Badge variant="outline" color="gray.8">
            {t(`status.${task.status}`)}
          </Badge>
          {task.overdue && <Badge color="red.9">{t('inbox.overdue')}</Badge>}
          {task.escalated && <Badge color="#a63c06">{t('inbox.escalated')}</Badge>}
        </div>
      </div>
      <p className={classes.facts}>
        <span>
          {t('inbox.due')}: {formatDateTimeWithWeekday(task.dueAt, language)}
        </span>
        <span className={left < 0 ? `${classes.timeLeft} ${classes.late}` : classes.timeLeft}>
          {left > 0
            ? t('inbox.workingDaysLeft', { count: left })
            : left === 0
              ? t('inbox.dueToday')
              : t('inbox.workingDaysOver', { count: -left })}
        </span>
        <span>{t(`taskRole.${task.role}`)}</span>
      </p>
      {task.progress.percent > 0 && (
        <Progress
          className={classes.progress}
          value={task.progress.percent}
          aria-label={t('inbox.progress', { percent: task.progress.percent })}
        />
      )}
    </li>
  );
});
