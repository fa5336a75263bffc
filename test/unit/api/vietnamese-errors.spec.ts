/**
 * The API's error texts said in Vietnamese: the shapes people meet most read as written here,
 * every fixed problem text in the source has a Vietnamese rule (so a new one cannot slip through
 * in English), and no translation keeps an English word of the original.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { knowsProblem, message, problem } from '../../../apps/api/src/errors/vietnamese';

const ROOT = join(__dirname, '../../..');

describe('error texts in Vietnamese', () => {
  it.each([
    ['is required', 'bắt buộc phải có'],
    ['must be a whole number', 'phải là một số nguyên'],
    ['must be a whole number from 1 to 100', 'phải là một số nguyên từ 1 đến 100'],
    ['must be one of: lead, coordinate, inform', 'phải là một trong: lead, coordinate, inform'],
    ['is in the past (2026-01-01T00:00:00.000Z)', 'đã ở trong quá khứ (2026-01-01T00:00:00.000Z)'],
    ['names unit hn/ubnd, which does not exist', 'nêu đơn vị hn/ubnd, đơn vị này không tồn tại'],
    ['must be at most 200 characters (got 201)', 'tối đa 200 ký tự (nhận được 201)'],
    [
      'must not contain control characters (no tab or line break here): found U+0009 at position 3',
      'không được chứa ký tự điều khiển (ở đây không được có tab hay xuống dòng): có U+0009 ở vị trí 3',
    ],
    [
      'line 3: email must be an e-mail address such as a@b.vn',
      'dòng 3: email phải là một địa chỉ e-mail, ví dụ a@b.vn',
    ],
    ['must be the id of a directive', 'phải là mã (UUID) của một văn bản chỉ đạo'],
    [
      'must be an ISO-8601 duration such as P3D or PT2H',
      'phải là một khoảng thời gian theo ISO-8601, ví dụ P3D hoặc PT2H',
    ],
  ])('says the problem “%s” as “%s”', (english, expected) => {
    expect(problem(english)).toBe(expected);
  });

  it.each([
    ['directive 7b0c… does not exist', 'Không tìm thấy văn bản chỉ đạo 7b0c….'],
    ['extension request 12 does not exist', 'Không tìm thấy đề nghị gia hạn 12.'],
    [
      'cannot submit a task that is pending; allowed actions: acknowledge',
      'Không thể submit một nhiệm vụ đang ở trạng thái pending; các thao tác được phép lúc này: acknowledge.',
    ],
    [
      'Your role may not do this; it needs one of: clerk, admin',
      'Vai trò của bạn không được làm việc này; cần một trong các vai trò: clerk, admin.',
    ],
  ])('says the message “%s” as “%s”', (english, expected) => {
    expect(message(english)).toBe(expected);
  });

  it('says the 415 of the units import in Vietnamese', () => {
    expect(message('send application/json or text/csv')).toBe('Hãy gửi application/json hoặc text/csv.');
  });

  it('leaves a text it does not know as it is', () => {
    expect(problem('Đơn vị không có người dùng này.')).toBe('Đơn vị không có người dùng này.');
    expect(knowsProblem('something nobody wrote')).toBe(false);
  });

  it('knows every fixed problem text the API and the libraries write, without an English word left', () => {
    const found = fixedProblemTexts();
    expect(found.length).toBeGreaterThan(60);
    const unknown = found.filter((text) => !knowsProblem(text));
    expect(unknown).toEqual([]);
    const stillEnglish = found.filter((text) => ENGLISH_WORDS.test(problem(text)));
    expect(stillEnglish).toEqual([]);
  });
});

/** Words that betray an untranslated problem (codes and examples in a translation are not words). */
const ENGLISH_WORDS = /\b(must|is|are|required|which|does|not|names|such as|should|cannot|only|send)\b/;

/**
 * Texts that read like problems but are not answered to a request: a command-line tool's, the
 * audit checker's, a log line's, or a token's detail that a 401 carries in `details`.
 */
const NOT_ANSWERED = new Set([
  'does not exist; run `',
  'its content no longer matches its hash: it was changed after it was written',
  'its signing algorithm is not accepted',
  'alreadySent',
  'only tab',
  // A 415's message, not a field's problem: the message rules say it.
  'send application/json or text/csv',
  // Part of the idempotency store's log line when it takes over a claim, for operators.
  'its answer was lost here',
]);

/** Every whole string literal (no template holes) in the source that starts like a problem. */
function fixedProblemTexts(): string[] {
  const texts = new Set<string>();
  const literal = /'((?:must|is|names|name no|has|cannot|give|needs|counts|only|send|its) [^'\n]*)'/g;
  for (const file of sourceFiles([join(ROOT, 'apps/api/src'), join(ROOT, 'libs')])) {
    for (const match of readFileSync(file, 'utf8').matchAll(literal)) {
      const text = match[1] ?? '';
      if (!NOT_ANSWERED.has(text)) texts.add(text);
    }
  }
  return [...texts].sort();
}

function sourceFiles(roots: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts')) out.push(path);
    }
  };
  roots.forEach(walk);
  return out;
}
