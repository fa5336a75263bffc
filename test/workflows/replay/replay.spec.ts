/**
 * Replay: every recorded history in test/workflows/histories/ (one folder per recording) must replay against the workflow
 * code as it is now, bundled the way the worker bundles it. A change that alters the commands
 * a recorded workflow issued (without `patched()`) fails here, naming the history, instead of
 * failing in production on the first running workflow a new worker picks up.
 */
import { describeReplayOfEveryHistory } from './support/replay-harness';

describeReplayOfEveryHistory('recorded workflow histories replay against the current workflow code');
