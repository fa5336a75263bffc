import { ConfigError, loadWorkerSettings } from '@dondoc/config';
import { dondocWorkerTuning } from '@dondoc/temporal';

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('worker pollers and slots', () => {
  it('default to the SDK’s own: 40 workflow task slots, 10 pollers of each kind', () => {
    expect(loadWorkerSettings({}).tuning).toEqual({
      workflowTaskSlots: 40,
      workflowTaskPollers: 10,
      activityTaskPollers: 10,
    });
  });

  it('reach the worker as the SDK’s options', () => {
    const tuning = loadWorkerSettings({
      DONDOC_WORKER_WORKFLOW_SLOTS: '120',
      DONDOC_WORKER_WORKFLOW_POLLERS: '30',
      DONDOC_WORKER_ACTIVITY_POLLERS: '20',
    }).tuning;
    expect(dondocWorkerTuning(tuning, 200)).toEqual({
      maxConcurrentActivityTaskExecutions: 200,
      maxConcurrentWorkflowTaskExecutions: 120,
      workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 30 },
      activityTaskPollerBehavior: { type: 'simple-maximum', maximum: 20 },
    });
  });

  it('refuse a workflow poller count the SDK cannot take, naming the variable', () => {
    expect(problemsOf(() => loadWorkerSettings({ DONDOC_WORKER_WORKFLOW_POLLERS: '1' }))).toEqual([
      'DONDOC_WORKER_WORKFLOW_POLLERS=1 must be a whole number from 2 to 200',
    ]);
  });
});
