/**
 * `npm run token -- --unit <unitId> --role <role> [--role …] [--sub <person>] [--ttl PT8H]`, or
 * `npm run token -- --person <sub>` for one of the demo's people (`infra/demo/demo-people.json`):
 * prints a token signed with the local key, so anyone can try the API. Creates the local key
 * pair first when there is none. Exit 2 on bad arguments or settings.
 */
import { loadAuthSettings, type AuthSettings } from '@dondoc/config';
import { addDuration, parseIsoDuration, ValidationError } from '@dondoc/domain';
import { readDemoPeople, expandPersonArgs } from './demo-people';
import { ensureLocalKeyPair, readSigningKey } from './keys';
import { isRole, ROLES, type Role } from './principal';
import { issueToken } from './token-issuer';

const USAGE =
  'usage: npm run token -- --unit <unitId> --role <role> [--role <role>…] [--sub <person>] [--ttl PT8H]\n' +
  '   or: npm run token -- --person <sub of a demo person> [--ttl PT8H]';
const DEFAULT_TTL = 'PT8H';
const OIDC_REFUSAL =
  'DONDOC_AUTH_MODE=oidc: tokens come from your identity provider; `npm run token` signs only with the local key';
/** A development token lives at most this long; a leaked one should not open the API for long. */
const MAX_TTL_SECONDS = 31 * 24 * 3600;

/** The arguments of the command, checked. */
export interface TokenRequest {
  unitId: string;
  roles: Role[];
  sub: string;
  ttlSeconds: number;
  /** The person's name and e-mail, written into the profile claims (`--person`). */
  name?: string;
  email?: string;
}

/** Thrown for arguments the command cannot use; the message is for the person at the terminal. */
export class TokenArgumentError extends Error {
  override readonly name = 'TokenArgumentError';
}

/** Reads and checks the arguments, collecting every problem. */
export function parseTokenArgs(argv: readonly string[]): TokenRequest {
  const problems: string[] = [];
  const values: Record<'unit' | 'sub' | 'ttl', string | undefined> = {
    unit: undefined,
    sub: undefined,
    ttl: undefined,
  };
  const roles: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const name = flag.slice(2);
    if (!['--unit', '--role', '--sub', '--ttl'].includes(flag)) {
      problems.push(`unknown argument "${arg}"`);
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (inline === undefined) i += 1;
    if (value === undefined || value.startsWith('--') || value.trim() === '') {
      problems.push(`${flag} needs a value`);
      if (value?.startsWith('--')) i -= 1;
      continue;
    }
    if (name === 'role') roles.push(...value.split(',').map((r) => r.trim()));
    else values[name as 'unit' | 'sub' | 'ttl'] = value.trim();
  }

  if (values.unit === undefined)
    problems.push('--unit is required: the id of the unit the person belongs to, e.g. bac-kan-city/ubnd');
  else if (!/^\S{1,200}$/.test(values.unit))
    problems.push('--unit must be a unit id without spaces, at most 200 characters');
  const unknown = roles.filter((role) => !isRole(role));
  if (roles.length === 0)
    problems.push(`--role is required: one of ${ROLES.join(', ')} (repeat it or separate with commas for several)`);
  if (unknown.length > 0) problems.push(`--role ${unknown.join(', ')} is not a role; roles are ${ROLES.join(', ')}`);
  if (values.sub !== undefined && !/^\S{1,200}$/.test(values.sub))
    problems.push('--sub must be a person id without spaces, at most 200 characters');
  const ttlSeconds = readTtl(values.ttl ?? DEFAULT_TTL, problems);

  if (problems.length > 0) throw new TokenArgumentError(`${problems.join('\n')}\n${USAGE}`);
  const known = [...new Set(roles.filter(isRole))];
  return { unitId: values.unit!, roles: known, sub: values.sub ?? `${known[0]}@${values.unit}`, ttlSeconds };
}

function readTtl(text: string, problems: string[]): number {
  try {
    const start = Date.UTC(2026, 0, 1);
    const seconds = Math.floor((addDuration(start, parseIsoDuration(text, '--ttl')) - start) / 1000);
    if (seconds < 60 || seconds > MAX_TTL_SECONDS) {
      problems.push(`--ttl ${text} must be from one minute (PT1M) to 31 days (P31D)`);
      return 0;
    }
    return seconds;
  } catch (error) {
    problems.push(
      error instanceof ValidationError ? `--ttl ${text} ${error.problem}, e.g. PT8H or P1D` : String(error),
    );
    return 0;
  }
}

/** Signs the token the request describes with the local key (created when missing). */
export async function createLocalToken(
  request: TokenRequest,
  settings: AuthSettings,
  now = new Date(),
): Promise<{ token: string; createdKeys: boolean }> {
  if (settings.mode !== 'local') {
    throw new TokenArgumentError(OIDC_REFUSAL);
  }
  const createdKeys = ensureLocalKeyPair(settings);
  const { key, algorithm } = readSigningKey(settings.privateKeyFile);
  const token = await issueToken({
    key,
    algorithm,
    issuer: settings.issuer,
    audience: settings.audience,
    unitClaim: settings.unitClaim,
    rolesClaim: settings.rolesClaim,
    nameClaim: settings.nameClaim,
    emailClaim: settings.emailClaim,
    now,
    ...request,
  });
  return { token, createdKeys };
}

/** Runs the command; returns the exit code. */
export async function runTokenCli(
  argv: readonly string[],
  io: { stdout: (text: string) => void; stderr: (text: string) => void },
  env = process.env,
): Promise<number> {
  try {
    // Said before the settings are checked: in oidc mode their problems are beside the point here.
    if (env['DONDOC_AUTH_MODE']?.trim() === 'oidc') throw new TokenArgumentError(OIDC_REFUSAL);
    const settings = loadAuthSettings(env);
    let expanded: ReturnType<typeof expandPersonArgs>;
    try {
      expanded = expandPersonArgs(argv, () => readDemoPeople());
    } catch (error) {
      throw new TokenArgumentError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    }
    const request = { ...parseTokenArgs(expanded.argv), ...expanded.profile };
    const { token, createdKeys } = await createLocalToken(request, settings);
    if (createdKeys)
      io.stderr(`token: created the local key pair ${settings.privateKeyFile} and ${settings.publicKeyFile}\n`);
    io.stdout(`${token}\n`);
    return 0;
  } catch (error) {
    io.stderr(`token: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void runTokenCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then((code) => {
    process.exitCode = code;
  });
}
