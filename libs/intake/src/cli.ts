/**
 * `node dist/libs/intake/src/cli.js <file> [--units units.json]`: prints the draft directive as
 * JSON on stdout and nothing else. The file may be text, Markdown, DOCX, PDF (with a text layer or
 * scanned) or an image, told apart by its content. Errors go to stderr; exit 2 when a file cannot
 * be read or used.
 */
import { readFileSync } from 'node:fs';
import { readDocumentFile } from './files/read-file';
import type { OrgUnitRef } from './types';

/** Where the command writes, and how it reads files (replaceable in tests). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Buffer;
}

const USAGE = 'usage: intake <file> [--units units.json]';

/** Thrown for input the command cannot use; carries the message for stderr. */
class CliInputError extends Error {}

function parseArgs(argv: string[]): { file: string; unitsFile: string | null } {
  let file: string | null = null;
  let unitsFile: string | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--units') {
      unitsFile = argv[i + 1] ?? null;
      if (!unitsFile) throw new CliInputError(`--units needs a file. ${USAGE}`);
      i += 1;
    } else if (arg.startsWith('--units=')) {
      unitsFile = arg.slice('--units='.length);
    } else if (!file) {
      file = arg;
    } else {
      throw new CliInputError(`unexpected argument "${arg}". ${USAGE}`);
    }
  }
  if (!file) throw new CliInputError(USAGE);
  return { file, unitsFile };
}

function readBytes(path: string, io: CliIo, what: string): Buffer {
  try {
    return io.readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliInputError(`cannot read ${what} "${path}": ${reason}`);
  }
}

/** Units as a JSON array, or an object with a `units` array; each needs a string id and name. */
function parseUnits(text: string, path: string): OrgUnitRef[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliInputError(`units file "${path}" is not valid JSON`);
  }
  const list: unknown = Array.isArray(data) ? data : (data as { units?: unknown } | null)?.units;
  const valid = Array.isArray(list) && list.every((u) => typeof u?.id === 'string' && typeof u?.name === 'string');
  if (!valid) throw new CliInputError(`units file "${path}" must hold an array of { "id": string, "name": string, … }`);
  return list as OrgUnitRef[];
}

/** Runs the command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { file, unitsFile } = parseArgs(argv);
    const data = readBytes(file, io, 'file');
    const units = unitsFile
      ? parseUnits(readBytes(unitsFile, io, 'units file').toString('utf8'), unitsFile)
      : undefined;
    const draft = await readDocumentFile(data, { units, name: file });
    io.stdout(`${JSON.stringify(draft, null, 2)}\n`);
    return 0;
  } catch (error) {
    io.stderr(`intake: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFileSync(path),
  }).then((code) => {
    process.exitCode = code;
  });
}
