/**
 * infra/supervise.sh, which both start scripts run every worker and API under: a program killed
 * with SIGKILL is started again (a new pid, the exit logged with its status), and stopping the
 * supervisor stops the program it runs rather than leaving it behind.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const library = path.resolve(__dirname, '../../../infra/supervise.sh');

/** Supervises `sleep`, kills it, waits for the restart, stops the supervisor; prints what it saw. */
const SCENARIO = `
set -euo pipefail
set +m
source "$LIBRARY"
supervise sleeper "$RUN_DIR/sleeper.log" sleep 1000
supervisor=$LAST_PID
wait_for_command "the first start" 10 supervised_pid sleeper
first=$(supervised_pid sleeper)
kill -KILL "$first"
restarted() { local now; now=$(supervised_pid sleeper) && [[ "$now" != "$first" ]]; }
wait_for_command "the restart" 10 restarted
second=$(supervised_pid sleeper)
echo "restarted=$([[ "$second" != "$first" ]] && echo yes || echo no)"
stop_process "$supervisor" sleeper 10
echo "program_alive=$(pid_alive "$second" && echo yes || echo no)"
echo "supervisor_alive=$(pid_alive "$supervisor" && echo yes || echo no)"
`;

describe('supervise.sh', () => {
  let runDir: string;
  beforeEach(() => {
    runDir = mkdtempSync(path.join(tmpdir(), 'dondoc-supervise-'));
  });
  afterEach(() => rmSync(runDir, { recursive: true, force: true }));

  it('restarts a killed program, logs why, and stops it with the supervisor', async () => {
    const { stdout, stderr } = await run('bash', ['-c', SCENARIO], {
      env: { ...process.env, LIBRARY: library, RUN_DIR: runDir, SUPERVISE_RUN_DIR: runDir },
      timeout: 30_000,
    });
    expect(stdout).toContain('restarted=yes');
    expect(stdout).toContain('program_alive=no');
    expect(stdout).toContain('supervisor_alive=no');
    expect(stderr).toMatch(/sleeper exited \(status 137\) after \d+s; restart 1 in 1s/);
  });
});
