/** Command-line arguments of `verified-identity`. */
import { isKind } from '../service/model/kinds';
import { LIMITS } from '../service/parse/limits';
import type { BaseKind, Kind } from '../service/types';

export type Format = 'text' | 'json' | 'sarif';

export type Command =
  | {
      command: 'validate';
      format: Format;
      kind?: Kind | BaseKind;
      paths: string[];
      color: boolean;
      cedarSchema?: string;
      online: boolean;
      /** `--allow-loopback`: online checks may fetch from this machine (plain http too). */
      allowLoopback: boolean;
    }
  | CheckTokenCommand
  | { command: 'schema'; kind: Kind }
  | { command: 'help' }
  | { command: 'version' };

/** Where `check-token` reads the token from. */
export type TokenSource = { from: 'argument'; value: string } | { from: 'file'; path: string } | { from: 'stdin' };

export interface CheckTokenCommand {
  command: 'check-token';
  identitySource: string;
  token: TokenSource;
  format: 'text' | 'json';
  /** 0-based document of a YAML stream; undefined: the file must hold one document. */
  document?: number;
  online: boolean;
  allowLoopback: boolean;
  /** Show the values of personal and session claims instead of hiding them. */
  showSensitive: boolean;
  color: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage:
  verified-identity validate [--format|-f text|json|sarif] [--kind KIND] [--cedar-schema FILE] [--online]
                             [--allow-loopback] [--color] [--] PATH...
  verified-identity check-token --identity-source FILE (--token-file FILE | - | --token TOKEN)
                                [--format|-f text|json] [--document N] [--online] [--allow-loopback]
                                [--show-sensitive] [--color]
  verified-identity schema --kind KIND
  verified-identity --help | --version

Checks AWS CLI input files for Verified Access trust providers and Verified Permissions identity sources.
Directories are walked for *.identity-source.{json,yaml,yml}, *.trust-provider.{json,yaml,yml} and YAML files whose
first line is "# verified-identity: <kind>". Inside them, links are followed only to regular files within the walked
directory; other links, special files and directories over 64 levels deep are listed as skipped. Files that are not
regular files or are over ${LIMITS.maxFileBytes / 1048576} MB are not read.

--cedar-schema FILE  check entity types of identity sources against this Cedar schema (.cedarschema or
                     .cedarschema.json); without it, a schema beside each file is used when there is one (and
                     its real path is inside the PATH being checked)
--online             fetch each OIDC issuer's discovery document and check the file against it (https only;
                     no user info, query or fragment; no credentials sent)
--allow-loopback     with --online: also fetch from this machine (localhost, 127.0.0.1, ::1), over plain http too,
                     for testing a local identity provider
--color              color the text output

check-token: will this identity source accept the token, and which Cedar principal does it become? The token is
read from FILE, from standard input (-), or from the command line (--token, which leaves it in shell history); it
is never printed. --online verifies its signature with the issuer's published keys (as above); --document N picks
a document of a YAML stream (from 1); --show-sensitive shows the values of personal and session claims (hidden by
default).

KIND: identity-source | identity-source-update | trust-provider | trust-provider-update
Exit status: validate: 0 no errors, 1 errors found, 2 usage or I/O problem, or nothing checked.
             check-token: 0 the token is accepted, 1 it is rejected, 2 usage or I/O problem.`;

export function parseArgs(argv: string[]): Command {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === '-v') return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === 'check-token') return parseCheckToken(rest);
  let format: Format = 'text';
  let kind: string | undefined;
  let color = false;
  let cedarSchema: string | undefined;
  let online = false;
  let allowLoopback = false;
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--format' || a.startsWith('--format=') || a === '-f') {
      const f = value('--format');
      if (f !== 'text' && f !== 'json' && f !== 'sarif')
        throw new UsageError(`unknown format '${f}' (text, json or sarif)`);
      format = f;
    } else if (a === '--kind' || a.startsWith('--kind=')) {
      kind = value('--kind');
      if (!isKind(kind)) throw new UsageError(`unknown kind '${kind}'`);
    } else if (a === '--cedar-schema' || a.startsWith('--cedar-schema=')) {
      cedarSchema = value('--cedar-schema');
    } else if (a === '--online') online = true;
    else if (a === '--allow-loopback') allowLoopback = true;
    else if (a === '--color') color = true;
    else if (a === '--') {
      paths.push(...rest.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else paths.push(a);
  }
  if (command === 'validate') {
    if (paths.length === 0) throw new UsageError('validate needs at least one PATH');
    return {
      command,
      format,
      paths,
      color,
      online,
      allowLoopback,
      ...(kind ? { kind: kind as Kind } : {}),
      ...(cedarSchema ? { cedarSchema } : {}),
    };
  }
  if (command === 'schema') {
    if (!kind) throw new UsageError('schema needs --kind');
    if (paths.length) throw new UsageError('schema takes no PATH');
    return { command, kind: kind as Kind };
  }
  throw new UsageError(`unknown command '${command}'`);
}

/** The arguments of `check-token` (after the command name). */
function parseCheckToken(rest: string[]): CheckTokenCommand {
  let identitySource: string | undefined;
  const tokens: TokenSource[] = [];
  let format: 'text' | 'json' = 'text';
  let document: number | undefined;
  let online = false;
  let allowLoopback = false;
  let showSensitive = false;
  let color = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const named = (name: string) => a === name || a.startsWith(`${name}=`);
    const value = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (named('--identity-source')) identitySource = value('--identity-source');
    else if (named('--token')) tokens.push({ from: 'argument', value: value('--token') });
    else if (named('--token-file')) tokens.push({ from: 'file', path: value('--token-file') });
    else if (a === '-') tokens.push({ from: 'stdin' });
    else if (named('--format') || a === '-f') {
      const f = value('--format');
      if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format '${f}' for check-token (text or json)`);
      format = f;
    } else if (named('--document')) {
      const n = Number(value('--document'));
      if (!Number.isInteger(n) || n < 1) throw new UsageError('--document needs a document number (1 or more)');
      document = n - 1;
    } else if (a === '--online') online = true;
    else if (a === '--allow-loopback') allowLoopback = true;
    else if (a === '--show-sensitive') showSensitive = true;
    else if (a === '--color') color = true;
    // Never echo the argument: a token pasted in the wrong place must not end up in the error output.
    else if (a.startsWith('-'))
      throw new UsageError(`unknown option for check-token (${a.split('=')[0].slice(0, 40)})`);
    else throw new UsageError('check-token takes no PATH: name the file with --identity-source FILE');
  }
  if (!identitySource) throw new UsageError('check-token needs --identity-source FILE');
  if (tokens.length === 0)
    throw new UsageError('check-token needs a token: --token-file FILE, - (standard input), or --token TOKEN');
  if (tokens.length > 1)
    throw new UsageError('check-token takes one token: give only one of --token-file, - and --token');
  return {
    command: 'check-token',
    identitySource,
    token: tokens[0],
    format,
    ...(document !== undefined ? { document } : {}),
    online,
    allowLoopback,
    showSensitive,
    color,
  };
}
