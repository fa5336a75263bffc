/**
 * Line patterns shared by the reader's stages. Vietnamese letters are outside \w, so word ends are
 * written as look-aheads rather than \b.
 */

/** Ends a word: space, punctuation or end of text. */
export const END = String.raw`(?=[\s,.;:!?)]|$)`;

export const NATIONAL_NAME = /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/iu;
export const NATIONAL_MOTTO = /Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc/iu;
export const PARTY_NAME = /ĐẢNG CỘNG SẢN VIỆT NAM/iu;

export const KINH_GUI = /^Kính\s+gửi\s*:?\s*/iu;
export const NOI_NHAN = /^Nơi\s+nhận\s*:?\s*/iu;

/** Signing authority: TM., T/M, KT., K/T, TL., T/L, TUQ., Q. and the spelled forms. */
export const AUTHORITY =
  /^(?:TM\.|T\.M\.?|T\/M|KT\.|K\.T\.?|K\/T|TL\.|T\/L|TUQ\.|Q\.|Q\/|THAY MẶT|KÝ THAY|THỪA LỆNH|THỪA ỦY QUYỀN)\s*\S/u;

/** Words of a signer's title. */
export const TITLE_WORDS = /(CHỦ TỊCH|BÍ THƯ|GIÁM ĐỐC|TRƯỞNG|CHÁNH|ỦY VIÊN|TỔNG|PHÓ|THƯỜNG TRỰC|CHỈ HUY)/iu;

/** Words that open the body of a letter (after the header). */
export const BODY_OPENING = new RegExp(
  String.raw`^(?:Thực hiện|Căn cứ|Nhận được|Xét|Theo|Để|Trong|Ngày|Vừa qua|Hiện nay|Nhằm|Triển khai|Sau khi|Qua|Trước tình hình|Thời gian qua|Tiếp theo|Phúc đáp|Trả lời|Được sự)${END}`,
  'u',
);

/** Document-type titles printed on a line of their own (typed documents). */
export const TYPE_TITLE =
  /^(CÔNG VĂN|CHỈ THỊ|KẾ HOẠCH|THÔNG BÁO|HƯỚNG DẪN|KẾT LUẬN|NGHỊ QUYẾT|QUYẾT ĐỊNH|QUY ĐỊNH|BÁO CÁO|TỜ TRÌNH|CÔNG ĐIỆN|CHƯƠNG TRÌNH|GIẤY MỜI)$/u;

/** A numbered part: "1. ", "1.2. ", "1.2 ", "2) ", "II. " followed by a capital. */
export const SECTION_NUMBER = /^(?<num>\d{1,2}(?:\.\d{1,2})*|[IVXL]{1,6})(?:[.)]\s*|(?<=\d\.\d{1,2})\s+)(?=\p{Lu})/u;

/** List markers of bullets: dash-like marks, "+", "•", and lettered items "a)". */
export const BULLET = /^(?:[-–—+•·]\s*|[a-zđ]\)\s+)/u;

/** The end mark of a letter's body, "./." (sometimes "/."). */
export const END_MARK = /\.?\/\.\s*$/u;
