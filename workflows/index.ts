/** Every workflow the worker runs; the bundler starts here. */
export { directiveWorkflow } from './directive/directive.workflow';
export { closedDirectiveWithdrawalWorkflow } from './directive/closed-withdrawal.workflow';
export { directiveShardWorkflow } from './directive/directive-shard.workflow';
export { unitTaskWorkflow } from './unit-task/unit-task.workflow';
export { reportSeriesWorkflow } from './report-series/report-series.workflow';
export { calendarReplanWorkflow } from './calendar-replan/calendar-replan.workflow';
export { dailyDigestWorkflow } from './digest/daily-digest.workflow';
