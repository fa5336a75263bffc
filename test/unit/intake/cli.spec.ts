import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../../libs/intake/src/cli';

/** Runs the command with captured output and the real file system. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: (file) => readFileSync(file),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('intake command', () => {
  let dir: string;
  let letter: string;
  let units: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dondoc-intake-'));
    letter = path.join(dir, 'letter.txt');
    units = path.join(dir, 'units.json');
    writeFileSync(letter, 'ỦY BAN NHÂN DÂN\nHUYỆN NGỌC HỒI\nSố: 12/UBND-VP\nKính gửi: Công an huyện.\n');
    writeFileSync(
      units,
      JSON.stringify([
        { id: 'ca', name: 'Công an huyện Ngọc Hồi' },
        { id: 'h', name: 'Ủy ban nhân dân huyện Ngọc Hồi' },
      ]),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the draft as JSON on stdout and nothing else', async () => {
    const { code, stdout, stderr } = await run([letter]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({ reference: '12/UBND-VP', addressees: ['Công an huyện'] });
  });

  it('matches against the units given with --units', async () => {
    for (const argv of [
      [letter, '--units', units],
      ['--units', units, letter],
      [letter, `--units=${units}`],
    ]) {
      expect(JSON.parse((await run(argv)).stdout).matches).toEqual([{ text: 'Công an huyện', unitId: 'ca' }]);
    }
  });

  it('exits 2 with a message on stderr when the file cannot be read', async () => {
    const { code, stdout, stderr } = await run([path.join(dir, 'missing.txt')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/cannot read file .*missing\.txt/);
  });

  it('exits 2 on a missing argument, an unreadable or invalid units file', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"units": [{"id": 1}]}');
    expect((await run([])).stderr).toMatch(/usage/);
    expect((await run([letter, '--units'])).code).toBe(2);
    expect((await run([letter, '--units', path.join(dir, 'none.json')])).stderr).toMatch(/cannot read units file/);
    expect((await run([letter, '--units', bad])).stderr).toMatch(/must hold an array/);
    expect((await run([letter, 'extra'])).stderr).toMatch(/unexpected argument/);
  });
});
