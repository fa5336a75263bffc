import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../../libs/intake/src/cli';

/** Runs the command with captured output and the real file system. */
function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: (file) => readFileSync(file, 'utf8'),
  };
  const code = runCli(argv, io);
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
    writeFileSync(units, JSON.stringify([{ id: 'ca', name: 'Công an huyện Ngọc Hồi' }, { id: 'h', name: 'Ủy ban nhân dân huyện Ngọc Hồi' }]));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the draft as JSON on stdout and nothing else', () => {
    const { code, stdout, stderr } = run([letter]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({ reference: '12/UBND-VP', addressees: ['Công an huyện'] });
  });

  it('matches against the units given with --units', () => {
    for (const argv of [[letter, '--units', units], ['--units', units, letter], [letter, `--units=${units}`]]) {
      expect(JSON.parse(run(argv).stdout).matches).toEqual([{ text: 'Công an huyện', unitId: 'ca' }]);
    }
  });

  it('exits 2 with a message on stderr when the file cannot be read', () => {
    const { code, stdout, stderr } = run([path.join(dir, 'missing.txt')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/cannot read file .*missing\.txt/);
  });

  it('exits 2 on a missing argument, an unreadable or invalid units file', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"units": [{"id": 1}]}');
    expect(run([]).stderr).toMatch(/usage/);
    expect(run([letter, '--units']).code).toBe(2);
    expect(run([letter, '--units', path.join(dir, 'none.json')]).stderr).toMatch(/cannot read units file/);
    expect(run([letter, '--units', bad]).stderr).toMatch(/must hold an array/);
    expect(run([letter, 'extra']).stderr).toMatch(/unexpected argument/);
  });
});
