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
  | { command: 'schema'; kind: Kind }
  | { command: 'help' }
  | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage:
  verified-identity validate [--format|-f text|json|sarif] [--kind KIND] [--cedar-schema FILE] [--online]
                             [--allow-loopback] [--color] [--] PATH...
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

KIND: identity-source | identity-source-update | trust-provider | trust-provider-update
Exit status: 0 no errors, 1 errors found, 2 usage or I/O problem, or nothing checked.`;

export function parseArgs(argv: string[]): Command {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === '-v') return { command: 'version' };
  const [command, ...rest] = argv;
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
