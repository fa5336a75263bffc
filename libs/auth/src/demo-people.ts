/**
 * The demo's people (`infra/demo/demo-people.json`), so `npm run token -- --person <sub>` signs a
 * token for one of them without the caller knowing their unit and roles, and the demo loader
 * registers the same people. Development only, like the token command.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isRole, type Role } from './principal';

/** Where the demo's people are listed, from the project's root (where npm runs scripts). */
export const DEMO_PEOPLE_FILE = path.join('infra', 'demo', 'demo-people.json');

/** A person of a demo unit. */
export interface DemoPerson {
  sub: string;
  unitId: string;
  roles: Role[];
  name?: string;
  email?: string;
}

/** Reads and checks the demo's people. @throws Error naming the file and the entry that is wrong. */
export function readDemoPeople(file = path.resolve(DEMO_PEOPLE_FILE)): DemoPerson[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { people?: unknown };
  if (!Array.isArray(parsed.people)) throw new Error(`${file}: "people" must be a list`);
  return parsed.people.map((entry: unknown, index) => {
    const person = entry as Partial<DemoPerson> | null;
    if (
      typeof person?.sub !== 'string' ||
      typeof person.unitId !== 'string' ||
      !Array.isArray(person.roles) ||
      !person.roles.every(isRole)
    )
      throw new Error(`${file}: people[${index}] needs a sub, a unitId and Dondoc roles`);
    return person as DemoPerson;
  });
}

/**
 * Replaces `--person <sub>` in the token command's arguments by the person's `--unit`, `--role`s
 * and `--sub`, and returns their name and e-mail for the token's profile claims. Arguments
 * without `--person` come back as they were.
 * @throws Error when the person is unknown or `--unit`, `--role` or `--sub` are given as well.
 */
export function expandPersonArgs(
  argv: readonly string[],
  people: () => DemoPerson[],
): { argv: string[]; profile: { name?: string; email?: string } } {
  const at = argv.findIndex((arg) => arg === '--person' || arg.startsWith('--person='));
  if (at < 0) return { argv: [...argv], profile: {} };
  const flag = argv[at] ?? '';
  const inline = flag.includes('=');
  const sub = inline ? flag.slice(flag.indexOf('=') + 1) : argv[at + 1];
  if (sub === undefined || sub === '' || sub.startsWith('--'))
    throw new Error('--person needs the sub of a demo person');
  const rest = argv.filter((_, index) => index !== at && (inline || index !== at + 1));
  if (rest.some((arg) => /^--(unit|role|sub)(=|$)/.test(arg)))
    throw new Error('--person names the unit, roles and sub already; leave out --unit, --role and --sub');
  const all = people();
  const person = all.find((p) => p.sub === sub);
  if (person === undefined)
    throw new Error(`--person ${sub} is not a demo person; they are: ${all.map((p) => p.sub).join(', ')}`);
  return {
    argv: [...rest, '--unit', person.unitId, '--sub', person.sub, ...person.roles.flatMap((role) => ['--role', role])],
    profile: {
      ...(person.name === undefined ? {} : { name: person.name }),
      ...(person.email === undefined ? {} : { email: person.email }),
    },
  };
}
