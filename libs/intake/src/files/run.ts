/** Runs an external program without a shell, with a time limit and a bounded output. */
import { execFile } from 'node:child_process';

/** A program that is not installed, or that failed or ran out of time. */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly missing = false,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/** Runs `command args`; resolves with stdout; rejects with a ToolError. */
export function runTool(
  command: string,
  args: string[],
  options: { timeoutMs: number; maxBytes?: number; env?: NodeJS.ProcessEnv },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        env: options.env ?? process.env,
        timeout: options.timeoutMs,
        maxBuffer: options.maxBytes ?? 64 * 1024 * 1024,
        encoding: 'buffer',
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(new ToolError(`${command} is not installed`, true));
        if ((error as { killed?: boolean }).killed)
          return reject(new ToolError(`${command} took longer than ${options.timeoutMs} ms`));
        const detail = stderr.toString('utf8').trim().split('\n').slice(-2).join(' ');
        return reject(new ToolError(`${command} failed: ${detail || error.message}`));
      },
    );
  });
}
