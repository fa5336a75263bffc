/**
 * The replay of every recorded history in test/workflows/histories/ (one folder per recording)
 * against the workflow code as it is now, bundled the way the worker bundles it. The plain and
 * the traced replay differ only in what the bundle carries and what sinks the replay has, so
 * both specs declare their tests through {@link describeReplayOfEveryHistory}.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker, type ReplayWorkerOptions, type WorkflowBundle } from '@temporalio/worker';
import { bundleWorkflows, installQuietRuntime } from '../../support/workflow-bundle';

const HISTORIES_DIR = path.resolve(__dirname, '../../histories');

/** A recorded history: Temporal's JSON form of its events, and the id of the workflow it belongs to. */
interface RecordedHistory {
  workflowId: string;
  events: unknown[];
}

/** `<recording>/<scenario>.json`, every recording (one folder each) and every scenario in it, sorted. */
export function recordedHistoryFiles(): string[] {
  return readdirSync(HISTORIES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}

/** What one replay spec varies: the interceptors its bundle loads and the sinks each replay gets. */
export interface ReplayOptions {
  /** Workflow interceptor modules bundled with the workflows, as a traced worker bundles them. */
  workflowInterceptorModules?: string[];
  /** Fresh sinks for one replay (the interceptors' span exporter, say). */
  sinks?: () => NonNullable<ReplayWorkerOptions['sinks']>;
}

/**
 * Declares, under `title`, a guard that the histories folder is not empty and one test per
 * recorded history that replays it against a bundle built once in beforeAll. A replay throws
 * DeterminismViolationError when the code issues other commands than the history recorded, and
 * ReplayError when the workflow task fails for another reason; either names the history.
 */
export function describeReplayOfEveryHistory(title: string, options: ReplayOptions = {}): void {
  const files = recordedHistoryFiles();

  let bundle: WorkflowBundle;
  beforeAll(async () => {
    installQuietRuntime();
    bundle = await bundleWorkflows(options.workflowInterceptorModules);
  });

  describe(title, () => {
    it('has histories to replay', () => {
      // An emptied folder must not pass as "everything replays".
      expect(files.length).toBeGreaterThanOrEqual(10);
    });

    it.each(files)('%s', async (file) => {
      const recorded = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as RecordedHistory;
      expect(recorded.events.length).toBeGreaterThan(0);
      const sinks = options.sinks?.();
      await Worker.runReplayHistory(
        { workflowBundle: bundle, replayName: file, ...(sinks !== undefined ? { sinks } : {}) },
        recorded,
        recorded.workflowId,
      );
    });
  });
}
