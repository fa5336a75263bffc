/**
 * Numbered parts of the body. Each part names its units (see section-units.ts) and lists their
 * tasks as bullets or paragraphs. Sub-parts (1.1, 1.2) are sections of their own with
 * `parentNumber`, because each usually addresses a different unit (the offices under the
 * Ủy ban nhân dân of part 1), which is what a task needs.
 */
import { trimEntryPunctuation } from './normalise';
import { withoutEndMark, type Paragraph } from './paragraphs';
import { END_MARK, SECTION_NUMBER } from './patterns';
import { opensWithUnit, splitAtTaskVerb, splitUnits, withoutLeadIn } from './section-units';
import type { DirectiveSection, SectionRole } from './types';
import { keyWords, startsWithWords, unitKey } from './unit-keys';

/** Sections, the paragraphs before them, and the closing formula after them. */
export interface SectionsReading {
  preamble: Paragraph[];
  sections: DirectiveSection[];
  closing: string | null;
}

const ROMAN = /^[IVXL]+$/u;
/** Adverbs that may precede the role verb: "Tiếp tục chủ trì", "Chủ động phối hợp". */
const ROLE = /^(?:(?:đề nghị|tiếp tục|chủ động|thường xuyên)\s+)*(chủ trì|phối hợp)(?=[\s,:;]|$)/iu;

/** Lead when the unit's first task opens with "chủ trì", coordinate when with "phối hợp". */
function roleOf(firstTask: string | undefined): SectionRole | null {
  const verb = firstTask ? ROLE.exec(firstTask)?.[1]?.toLowerCase() : undefined;
  if (verb === 'chủ trì') return 'lead';
  if (verb === 'phối hợp') return 'coordinate';
  return null;
}

/** Heading, units and inline task of a numbered paragraph's text (after the number). */
/** Tells unit names: `some` accepts any name of a unit (opening noun, addressee, known unit); `exactly` only a whole addressee or known unit name. */
interface NameTests {
  some: (text: string) => boolean;
  exactly: (text: string) => boolean;
}

function readHeading(
  text: string,
  { some: namesUnit, exactly: namesExactly }: NameTests,
): { heading: string | null; units: string[]; inline: string | null } {
  const colon = text.indexOf(':');
  if (colon > 0 && colon < 250) {
    const head = text.slice(0, colon).trim();
    const inline = text.slice(colon + 1).trim() || null;
    if (namesUnit(withoutLeadIn(head))) return { heading: head, units: splitUnits(head), inline };
  }
  const isTitle = text.length <= 160 && !/[.;]$/u.test(text);
  if (isTitle) {
    const units = namesUnit(withoutLeadIn(text)) ? splitUnits(text) : [];
    return { heading: trimEntryPunctuation(text), units, inline: null };
  }
  const split = splitAtTaskVerb(withoutLeadIn(text), namesExactly);
  if (split) return { heading: split.units, units: splitUnits(split.units), inline: split.rest };
  return { heading: null, units: [], inline: text };
}

function parentOf(number: string, currentRoman: string | null): string | null {
  const dot = number.lastIndexOf('.');
  if (dot > 0) return number.slice(0, dot);
  return ROMAN.test(number) ? null : currentRoman;
}

/** A unit's "Kính gửi" entry: the same key, or one name the start of the other ("Các chi, đảng bộ trực thuộc [Thành ủy]"). */
function addresseeFor(unit: string, addressees: string[]): string | null {
  const words = keyWords(unit);
  const keyed = addressees.map((entry) => ({ entry, words: keyWords(entry) }));
  const same = keyed.find((a) => a.words.join(' ') === words.join(' '));
  const prefix = keyed.find((a) => startsWithWords(a.words, words) || startsWithWords(words, a.words));
  return (same ?? prefix)?.entry ?? null;
}

/** A short non-bullet paragraph after the bullets of the last part, such as "… biết, thực hiện./.". */
function isClosing(paragraph: Paragraph, section: DirectiveSection, hadBullets: boolean): boolean {
  if (paragraph.bullet || paragraph.text.length > 300) return false;
  if (hadBullets) return true;
  return (
    section.instructions.length > 0 &&
    END_MARK.test(paragraph.text) &&
    /(biết|thực hiện|triển khai|chấp hành)/iu.test(paragraph.text)
  );
}

/** What the caller's units say about a name: a unit or group it covers (`names`), or one unit's whole name (`exactly`). */
export interface UnitLookup {
  names: (text: string) => boolean;
  exactly: (text: string) => boolean;
}

/**
 * Reads the numbered parts of `paragraphs`. A heading names units when it opens with a unit noun,
 * stands for an addressee, or is a unit the caller knows.
 */
export function readSections(
  paragraphs: Paragraph[],
  addressees: string[],
  known: Partial<UnitLookup> = {},
): SectionsReading {
  const addresseeKeys = new Set(addressees.map(unitKey));
  const names: NameTests = {
    some: (text) => opensWithUnit(text) || addresseeFor(text, addressees) !== null || (known.names?.(text) ?? false),
    exactly: (text) => addresseeKeys.has(unitKey(text)) || (known.exactly?.(text) ?? false),
  };
  const preamble: Paragraph[] = [];
  const sections: DirectiveSection[] = [];
  let currentRoman: string | null = null;
  let hadBullets = false;
  let closing: string | null = null;
  paragraphs.forEach((paragraph, index) => {
    const numbered = paragraph.bullet ? null : SECTION_NUMBER.exec(paragraph.text);
    const number = numbered?.groups?.num;
    const current = sections[sections.length - 1];
    if (!numbered || number === undefined) {
      if (!current) preamble.push(paragraph);
      else if (index === paragraphs.length - 1 && isClosing(paragraph, current, hadBullets))
        closing = withoutEndMark(paragraph.text);
      else {
        current.instructions.push(withoutEndMark(paragraph.text));
        hadBullets ||= paragraph.bullet;
      }
      return;
    }
    const { heading, units, inline } = readHeading(paragraph.text.slice(numbered[0].length).trim(), names);
    sections.push({
      number,
      parentNumber: parentOf(number, currentRoman),
      heading,
      units,
      addressedAs: units.map((unit) => addresseeFor(unit, addressees)),
      instructions: inline ? [withoutEndMark(inline)] : [],
      role: null,
    });
    if (ROMAN.test(number)) currentRoman = number;
    hadBullets = false;
  });
  for (const section of sections) section.role = section.units.length > 0 ? roleOf(section.instructions[0]) : null;
  return { preamble, sections, closing };
}
