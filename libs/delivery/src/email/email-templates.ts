import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PERSONAL_EVENT_TYPES, PERSON_EVENT_TYPES } from '@dondoc/domain';

/** The templates a person's e-mail is made of: one set per event a person receives, and the digest. */
export const EMAIL_TEMPLATE_NAMES = [...PERSON_EVENT_TYPES, ...PERSONAL_EVENT_TYPES, 'digest'] as const;

/** The name of one e-mail's set of templates: a person event type, or `digest`. */
export type EmailTemplateName = (typeof EMAIL_TEMPLATE_NAMES)[number];

/** The three parts of one e-mail: a subject line, a plain-text body and an HTML body. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Compiled = Handlebars.TemplateDelegate<Record<string, unknown>>;

/** One e-mail's compiled templates. */
interface TemplateSet {
  subject: Compiled;
  text: Compiled;
  html: Compiled;
}

/**
 * The e-mail templates, read from `libs/delivery/templates` and compiled once.
 *
 * Handlebars because its templates are logic-less (a template cannot run code, so wording can be
 * edited without review of code), it escapes HTML by default (`{{x}}`), its strict mode turns a
 * misspelt field into an error in the tests instead of a blank in a citizen's mailbox, and it is
 * the most used and long-maintained engine of its kind on npm. Subjects and plain text are
 * compiled with escaping off (they are not HTML); HTML bodies keep it on.
 */
export class EmailTemplates {
  private constructor(private readonly sets: ReadonlyMap<EmailTemplateName, TemplateSet>) {}

  /**
   * Reads and compiles every template under `directory` (default: the shipped ones).
   * @throws Error naming the missing file when a person event has no subject, text or HTML template.
   */
  static load(directory: string = shippedTemplatesDirectory()): EmailTemplates {
    const engine = Handlebars.create();
    const partials = path.join(directory, 'partials');
    if (existsSync(partials)) {
      for (const file of readdirSync(partials))
        engine.registerPartial(path.parse(file).name, readFileSync(path.join(partials, file), 'utf8'));
    }
    const sets = new Map<EmailTemplateName, TemplateSet>();
    for (const name of EMAIL_TEMPLATE_NAMES) {
      const read = (suffix: string): string => {
        const file = path.join(directory, `${name}${suffix}`);
        if (!existsSync(file))
          throw new Error(
            `e-mail template ${file} is missing: every event a person receives needs ${name}.subject.txt, ${name}.txt and ${name}.html`,
          );
        return readFileSync(file, 'utf8');
      };
      sets.set(name, {
        subject: engine.compile(read('.subject.txt'), { strict: true, noEscape: true }),
        text: engine.compile(read('.txt'), { strict: true, noEscape: true }),
        html: engine.compile(read('.html'), { strict: true }),
      });
    }
    return new EmailTemplates(sets);
  }

  /** The names this set has templates for: what the completeness test checks against the catalogue. */
  names(): EmailTemplateName[] {
    return [...this.sets.keys()];
  }

  /**
   * Renders one e-mail from a view model of plain strings and numbers (formatting is done before,
   * in code that is tested). The subject is one line whatever the input: a line break in a
   * directive's subject must not become a second header.
   */
  render(name: EmailTemplateName, view: Record<string, unknown>): RenderedEmail {
    const set = this.sets.get(name);
    if (set === undefined) throw new Error(`no e-mail template named ${name}`);
    const subject = set.subject(view).replace(/\s+/g, ' ').trim();
    const withSubject = { ...view, subject };
    return { subject, text: normaliseText(set.text(withSubject)), html: set.html(withSubject) };
  }
}

/** Blank runs left by a section that rendered nothing collapse to one empty line. */
function normaliseText(text: string): string {
  return `${text.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/**
 * Where the shipped templates are: `libs/delivery/templates` of the repository, found by walking
 * up from this file, so it works from the sources (ts-jest) and from `dist/` (the built worker).
 */
export function shippedTemplatesDirectory(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'libs', 'delivery', 'templates');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir)
      throw new Error(`the e-mail templates (libs/delivery/templates) were not found above ${__dirname}`);
  }
}
