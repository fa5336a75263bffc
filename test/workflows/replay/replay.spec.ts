/**
 * Replay: every recorded history in test/workflows/histories/ (one folder per recording) must replay against the workflow
 * code as it is now, bundled the way the worker bundles it. A change that alters the commands
 * a recorded workflow issued (without `patched()`) fails here, naming the history, instead of
 * failing in production on the first running workflow a new worker picks up.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { workflowBundlerOptions, workflowsEntry } from '@dondoc/temporal';

const HISTORIES_DIR = path.resolve(__dirname, '../histories');

/** A recorded history: Temporal's JSON form of its events, and the id of the workflow it belongs to. */
interface RecordedHistory {
  workflowId: string;
  events: unknown[];
}

/** `<recording>/<scenario>.json`, every recording (one folder each) and every scenario in it. */
const files = readdirSync(HISTORIES_DIR, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.split(path.sep).join('/'))
  .sort();

let bundle: WorkflowBundle;
beforeAll(async () => {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // Already installed in this process by an earlier test file: keep it.
  }
  const bundlerOptions = workflowBundlerOptions();
  bundle = await bundleWorkflowCode({
    workflowsPath: workflowsEntry(),
    ...(bundlerOptions?.webpackConfigHook !== undefined ? { webpackConfigHook: bundlerOptions.webpackConfigHook } : {}),
    logger: new DefaultLogger('WARN'),
  });
});

describe('recorded workflow histories replay against the current workflow code', () => {
  it('has histories to replay', () => {
    // An emptied folder must not pass as "everything replays".
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s', async (file) => {
    const recorded = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as RecordedHistory;
    expect(recorded.events.length).toBeGreaterThan(0);
    // Throws DeterminismViolationError when the code issues other commands than the history
    // recorded, ReplayError when the workflow task fails for another reason.
    await Worker.runReplayHistory({ workflowBundle: bundle, replayName: file }, recorded, recorded.workflowId);
  });
});
