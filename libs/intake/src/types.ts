/**
 * The draft directive the intake reader produces from the text of a công văn. Every field is a
 * best effort: what the reader could not find is null or empty, and `warnings` says why.
 */

/** A unit of the organisation tree, as the caller knows it (the hierarchy is data, never code). */
export interface OrgUnitRef {
  id: string;
  name: string;
  aliases?: string[];
  parentId?: string | null;
  /** Free text such as "xã", "thị trấn", "huyện", "chi bộ", "commune"; used to expand groups. */
  level?: string;
}

/** Options of `readDirective`. */
export interface ReadOptions {
  /** Known units; addressees and section units are matched against them. */
  units?: OrgUnitRef[];
}

/** State documents (Nghị định 30/2020/NĐ-CP) or Party documents (Hướng dẫn 36-HD/VPTW). */
export type DocumentFormat = 'state' | 'party';

/** The body that issued the document, from the header's left column. */
export interface Issuer {
  /** The issuing body as printed (header capitals kept), or null. */
  name: string | null;
  /** The body printed above the issuer (its parent), or null. */
  parent: string | null;
}

/** Another document cited in the text. */
export interface CitedDocument {
  /** Number and symbol as printed, spaces removed: `335-CV/TU`, `3855/UBND-KGVX`. */
  reference: string;
  issuedOn: string | null;
  issuer: string | null;
  /** How it is cited, lower case: "thực hiện", "căn cứ", "xét đề nghị", "nhận được", "theo", "tại" … or null. */
  verb: string | null;
}

/** What a section asks of its unit: lead the work (chủ trì) or coordinate with the lead (phối hợp). */
export type SectionRole = 'lead' | 'coordinate';

/** A numbered part of the body. Sub-sections (1.1, 1.2) are sections of their own that name their parent. */
export interface DirectiveSection {
  /** "1", "1.2", "II". */
  number: string;
  /** "1" for section "1.2"; the enclosing roman part for "1" under "II"; else null. */
  parentNumber: string | null;
  /** The words naming the units (or the title) after the number, or null when the part is a plain sentence. */
  heading: string | null;
  /** Units addressed, one string each, as printed. */
  units: string[];
  /** For each unit, the "Kính gửi" entry it stands for, or null. Same length as `units`. */
  addressedAs: (string | null)[];
  /** The assignments: bullets or paragraphs, markers removed. */
  instructions: string[];
  role: SectionRole | null;
}

/** Purpose tag of a "Nơi nhận" entry. */
export type RecipientRole = 'implement' | 'report' | 'coordinate' | 'inform' | 'as_above' | 'archive';

/** One entry of "Nơi nhận". */
export interface Recipient {
  name: string;
  role: RecipientRole | null;
}

/** The signature block. */
export interface Signature {
  /** Authority lines as printed, joined with " / ": `TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH`. */
  authority: string | null;
  title: string | null;
  name: string | null;
}

/** A name from the text matched against the known units. */
export interface UnitMatch {
  text: string;
  /** The one unit the name stands for, or null. */
  unitId: string | null;
  /** Ids of plausible units when the name is ambiguous or only close. */
  candidates?: string[];
  /** For a group such as "Ủy ban nhân dân các xã, thị trấn": every unit it covers. */
  unitIds?: string[];
}

/** The reader's result. */
export interface DirectiveDraft {
  format: DocumentFormat | null;
  /** Digits only, or null when blank or absent. */
  number: string | null;
  reference: string | null;
  /** CV, CT, KH, TB, HD, KL, NQ, QĐ, BC … or null. */
  type: string | null;
  issuer: Issuer;
  place: string | null;
  issuedOn: string | null;
  /** The trích yếu without "V/v", lines joined. */
  subject: string | null;
  addressees: string[];
  references: CitedDocument[];
  /** The document this one implements (cited with "thực hiện", "triển khai" or "nhận được" before the first section). */
  parent: CitedDocument | null;
  sections: DirectiveSection[];
  /** The closing formula after the last section ("… biết, thực hiện./."), or null. */
  closing: string | null;
  recipients: Recipient[];
  signature: Signature | null;
  /** Footnotes, in order, markers removed. */
  notes: string[];
  matches: UnitMatch[];
  warnings: string[];
  /** How sure the reader is of each field (read from a file; see files/confidence.ts). */
  confidence?: Record<string, FieldConfidence>;
  /** What the draft was read from, when it was read from a file. */
  file?: FileFacts;
}

/** How sure the reader is of one field. */
export interface FieldConfidence {
  /** 0–1: the source's reliability, times for OCR the mean confidence of the field's words. */
  confidence: number;
  /** OCR only: words of the field Tesseract was unsure of, for the clerk to check. */
  uncertainWords?: string[];
}

/** The file a draft was read from. */
export interface FileFacts {
  /** What the content is (detected from its bytes). */
  kind: 'text' | 'docx' | 'pdf' | 'png' | 'jpeg' | 'tiff';
  pages: number;
  /** Pages read by OCR (1-based). */
  ocrPages: number[];
  /** Seconds spent on OCR. */
  ocrSeconds: number;
}
