/**
 * Which units a numbered part addresses. The part may be a title ("1. Ủy ban nhân dân thành phố"),
 * a list with its task inline ("4. X; Y: Tiếp tục …"), or a sentence whose subject is the unit
 * ("1. Ban Thường vụ Đảng ủy Bộ lãnh đạo, chỉ đạo …"). Units are told from topics by the noun
 * they open with.
 */
import { foldAccents, trimEntryPunctuation } from './normalise';

/** Nouns that open a unit's name and need nothing after them. */
const HEADS = [
  'ủy ban',
  'ubnd',
  'hđnd',
  'hội đồng',
  'công an',
  'trung tâm',
  'văn phòng',
  'thường trực',
  'người đứng đầu',
  'thủ trưởng',
  'chủ tịch',
  'giám đốc',
  'huyện ủy',
  'thành ủy',
  'tỉnh ủy',
  'quận ủy',
  'thị ủy',
  'đảng ủy',
  'chi bộ',
  'đảng bộ',
  'chi cục',
  'mặt trận',
  'mttq',
  'kho bạc',
  'bệnh viện',
  'tòa án',
  'viện kiểm sát',
  'bộ chỉ huy',
  'ban chỉ huy',
  'ban cán sự',
  'cấp ủy',
  'lãnh đạo',
  'bcđ',
  'ubmttq',
  'ban chỉ đạo',
  'ban quản lý',
  'ban chỉ huy',
];
/**
 * Nouns that open a unit's name only before a capitalised word or a locality ("Hội Nhà báo", not
 * "Hội nghị"; "Ban Tuyên giáo", not "Ban hành"; "Thanh tra huyện", not "Thanh tra, kiểm tra").
 */
const HEADS_BEFORE_NAME = [
  'ban',
  'phòng',
  'sở',
  'hội',
  'đài',
  'báo',
  'đoàn',
  'bộ',
  'cục',
  'viện',
  'trường',
  'liên đoàn',
  'chi nhánh',
  'vp',
  'thanh tra',
  'đồn',
  'hạt',
  'ngân hàng',
  'bưu điện',
  'đội',
];
const NAME_START = /^(?:\p{Lu}|(?:tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn)(?=[\s,;:]|$))/u;
/** Multi-word heads compared without accents, which forgives "Công thông tin" for "Cổng thông tin". */
const FOLDED_HEADS = ['cong thong tin', 'trang thong tin'];
/** Groups: "Các cơ quan…", "Các chi, đảng bộ…", "Các xã…". */
const GROUP_NOUNS = [
  'cơ quan',
  'đơn vị',
  'ban',
  'ngành',
  'sở',
  'phòng',
  'chi',
  'chi bộ',
  'đảng bộ',
  'xã',
  'phường',
  'thị trấn',
  'huyện',
  'thành phố',
  'tổ chức',
  'địa phương',
  'đoàn thể',
  'trường',
  'hội',
  'cấp ủy',
  'ủy ban',
  'trung tâm',
  'doanh nghiệp',
  'huyện ủy',
  'thành ủy',
  'đảng ủy',
  'tổ',
  'tỉnh ủy',
  'quận ủy',
  'thị ủy',
  'chi ủy',
  'thôn',
  'làng',
  'bản',
  'tổ dân phố',
  'khu phố',
  'tổ chức đảng',
  'ban quản lý',
];

function startsWithWord(lower: string, word: string): boolean {
  return lower === word || lower.startsWith(`${word} `) || lower.startsWith(`${word},`);
}

/** True when `text` opens with the name of a unit or a group of units. */
export function opensWithUnit(text: string): boolean {
  const lower = text.toLowerCase();
  if (HEADS.some((head) => startsWithWord(lower, head))) return true;
  if (FOLDED_HEADS.some((head) => startsWithWord(foldAccents(text), head))) return true;
  for (const head of HEADS_BEFORE_NAME) {
    if (startsWithWord(lower, head) && NAME_START.test(text.slice(head.length + 1))) return true;
  }
  const group = /^các\s+(.*)$/u.exec(lower);
  return group?.[1] !== undefined && GROUP_NOUNS.some((noun) => startsWithWord(group[1] ?? '', noun));
}

/** Verbs that begin a unit's task; only lower-case forms count, so "Ban Chỉ đạo" is never cut. */
const TASK_VERBS = [
  'lãnh đạo',
  'chỉ đạo',
  'phối hợp',
  'chủ trì',
  'bám sát',
  'tiếp tục',
  'tham mưu',
  'thực hiện',
  'tăng cường',
  'triển khai',
  'quán triệt',
  'đẩy mạnh',
  'chủ động',
  'theo dõi',
  'rà soát',
  'xây dựng',
  'nghiên cứu',
  'quan tâm',
  'kịp thời',
  'khẩn trương',
  'có trách nhiệm',
  'chịu trách nhiệm',
  'báo cáo',
  'hướng dẫn',
  'kiểm tra',
  'cung cấp',
  'nắm bắt',
  'phổ biến',
  'đề xuất',
  'giám sát',
  'đôn đốc',
  'nâng cao',
  'thường xuyên',
  'định kỳ',
  'cần',
  'phải',
  'tổ chức thực hiện',
  'tổ chức triển khai',
  'bảo đảm',
  'đảm bảo',
  'tổng hợp',
  'tập trung',
  'nghiêm túc',
  'chấp hành',
  'tuyên truyền',
  'tiếp nhận',
  'hỗ trợ',
  'bố trí',
  'chuẩn bị',
  'hoàn thành',
  'tham gia',
  'ban hành',
  'trình',
];

/**
 * Splits "UNIT verb …" into the unit and its task. The longest opening that `isName` knows (an
 * addressee, a unit of the caller) wins; failing that, the text is cut at the first task verb.
 * Null when no unit opens the text.
 */
export function splitAtTaskVerb(
  text: string,
  isName: (text: string) => boolean = () => false,
): { units: string; rest: string } | null {
  const words = text.split(' ');
  const limit = Math.min(words.length, 30);
  for (let i = limit - 1; i >= 1; i -= 1) {
    const rest = words.slice(i).join(' ');
    if (/^\p{Ll}/u.test(rest) && isName(words.slice(0, i).join(' ')))
      return { units: words.slice(0, i).join(' '), rest };
  }
  for (let i = 1; i < limit; i += 1) {
    const tail = words.slice(i).join(' ');
    const verb = TASK_VERBS.find((v) => tail === v || tail.startsWith(`${v} `) || tail.startsWith(`${v},`));
    const before = words[i - 1] ?? '';
    if (verb && !/^(?:Ban|ban|Phòng)$/u.test(before)) {
      const units = words.slice(0, i).join(' ');
      return opensWithUnit(units) ? { units, rest: tail } : null;
    }
  }
  return null;
}

/** Words that introduce the units of a part without being part of their names. */
const LEAD_IN = /^(?:Đề nghị|Giao(?: cho)?|Yêu cầu|Đối với)\s+/u;

/**
 * Splits a list of units: on ";", before "và các …", and at a comma that opens another unit
 * ("Trung tâm Văn hóa, Thể thao và Truyền thông, Cổng thông tin điện tử thành phố").
 */
export function splitUnits(text: string): string[] {
  const parts = text
    .replace(LEAD_IN, '')
    .split(';')
    .flatMap((part) => part.split(/\s+(?=và các\s)/u))
    .map((part) => part.replace(/^và\s+(?=các\s)/u, ''))
    .flatMap((part) => {
      const pieces: string[] = [];
      for (const piece of part.split(/,\s+(?=\p{Lu})/u)) {
        if (pieces.length > 0 && !opensWithUnit(piece)) pieces[pieces.length - 1] += `, ${piece}`;
        else pieces.push(piece);
      }
      return pieces;
    });
  return parts.map((part) => trimEntryPunctuation(part.trim())).filter(Boolean);
}

/** Removes the lead-in ("Đề nghị …") from a heading's unit text. */
export function withoutLeadIn(text: string): string {
  return text.replace(LEAD_IN, '');
}
