/**
 * Comparison keys for unit names: abbreviations spelled out, accents and case folded, punctuation
 * and "và" dropped. "Phòng VH-TT", "Phòng Văn hóa - Thông tin" and "Phòng Văn hóa và Thông tin"
 * share one key.
 */
import { foldAccents, normaliseText } from './normalise';

/** Abbreviations of administrative writing, spelled out. Longer forms first. */
const ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ['MTTQVN', 'Mặt trận Tổ quốc Việt Nam'],
  ['UBMTTQ', 'Ủy ban Mặt trận Tổ quốc'],
  ['MTTQ', 'Mặt trận Tổ quốc'],
  ['UBND', 'Ủy ban nhân dân'],
  ['HĐND', 'Hội đồng nhân dân'],
  ['BCĐ', 'Ban Chỉ đạo'],
  ['BCH', 'Ban Chấp hành'],
  ['BTV', 'Ban Thường vụ'],
  ['BTG', 'Ban Tuyên giáo'],
  ['Ban TG', 'Ban Tuyên giáo'],
  ['Ban DV', 'Ban Dân vận'],
  ['VP', 'Văn phòng'],
  ['CVP', 'Chánh Văn phòng'],
  ['PCVP', 'Phó Chánh Văn phòng'],
  ['PCT', 'Phó Chủ tịch'],
  ['TP.', 'thành phố'],
  ['Tp.', 'thành phố'],
  ['TP', 'thành phố'],
  ['TX', 'thị xã'],
  ['TW', 'Trung ương'],
  ['VH-TT', 'Văn hóa Thông tin'],
  ['VHTT', 'Văn hóa Thông tin'],
  ['TT&TT', 'Thông tin và Truyền thông'],
  ['TTTT', 'Thông tin và Truyền thông'],
  ['GD&ĐT', 'Giáo dục và Đào tạo'],
  ['GDĐT', 'Giáo dục và Đào tạo'],
  ['LĐ-TB&XH', 'Lao động - Thương binh và Xã hội'],
  ['VH,TT&DL', 'Văn hóa, Thể thao và Du lịch'],
  ['CA', 'Công an'],
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const EXPANSIONS = ABBREVIATIONS.map(
  ([short, long]) => [new RegExp(`(?<![\\p{L}\\p{N}])${escape(short)}(?![\\p{L}\\p{N}])`, 'gu'), long] as const,
);

/** Spells out the abbreviations in a name ("UBND huyện" → "Ủy ban nhân dân huyện"). */
export function expandAbbreviations(name: string): string {
  let out = normaliseText(name);
  for (const [pattern, long] of EXPANSIONS) out = out.replace(pattern, ` ${long} `);
  return out
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;.:)])/g, '$1')
    .trim();
}

/** Words that do not tell units apart. */
const NOISE = new Set(['va']);

/** The words of a name's key. */
export function keyWords(name: string): string[] {
  return foldAccents(expandAbbreviations(name))
    .replace(/&/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !NOISE.has(word));
}

/** A name's comparison key. */
export function unitKey(name: string): string {
  return keyWords(name).join(' ');
}

/** True when the words of `prefix` open `words`. */
export function startsWithWords(words: string[], prefix: string[]): boolean {
  return prefix.length > 0 && prefix.length <= words.length && prefix.every((word, i) => words[i] === word);
}
