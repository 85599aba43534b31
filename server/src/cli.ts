/**
 * `verified-identity` — the CLI: a thin adapter over the language service for CI pipelines (SPEC §4).
 * Exit status: 0 no errors, 1 errors found, 2 usage or I/O problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative, isAbsolute, resolve } from 'node:path';
import { parseArgs, USAGE, UsageError, type Command } from './cli/args';
import { formatJson, formatSarif, formatText, type FileReport } from './cli/report';
import { findFiles } from './cli/walk';
import { createLanguageService, type ServiceHost } from './service';
import { loadCedar } from './host/cedar-engine';
import { fetchJson } from './host/fetch-json';
import { localSchema } from './host/schema-source';

declare const VI_VERSION: string | undefined;
const VERSION = typeof VI_VERSION === 'string' ? VI_VERSION : '0.0.0-dev';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

function display(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  return (rel.startsWith('..') ? path : rel).replace(/\\/g, '/');
}

function hostFor(cmd: Extract<Command, { command: 'validate' }>, io: Io): ServiceHost {
  const explicit = cmd.cedarSchema ? resolve(io.cwd, cmd.cedarSchema) : undefined;
  return {
    isLikelyCommitted: () => true,
    cedar: loadCedar,
    cedarSchema: uri => localSchema(uri, explicit ?? '', io.cwd),
    ...(cmd.online
      ? {
          fetchJson: (url: string, signal?: AbortSignal) =>
            fetchJson(url, { signal, userAgent: `verified-identity/${VERSION}` }),
        }
      : {}),
  };
}

export async function runValidate(cmd: Extract<Command, { command: 'validate' }>, io: Io): Promise<number> {
  if (cmd.cedarSchema && !existsSync(resolve(io.cwd, cmd.cedarSchema))) {
    io.err(`verified-identity: no such Cedar schema: ${cmd.cedarSchema}`);
    return 2;
  }
  const service = createLanguageService(hostFor(cmd, io));
  let found;
  try {
    found = findFiles(cmd.paths.map(p => resolve(io.cwd, p)));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.err(
      `verified-identity: ${err.code === 'ENOENT' ? `no such file or directory: ${display(err.path ?? '', io.cwd)}` : String(e)}`,
    );
    return 2;
  }
  const reports: FileReport[] = [];
  let ioProblem = false;
  for (const f of found) {
    const file = display(f.path, io.cwd);
    let text: string;
    try {
      text = readFileSync(f.path, 'utf8');
    } catch (e) {
      reports.push({ file, kind: null, diagnostics: [], error: `cannot read: ${(e as Error).message}` });
      ioProblem = true;
      continue;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const analyzed = service.analyze({ uri: f.path, text }, { kind: cmd.kind, sniff: f.explicit });
    if (!analyzed) {
      reports.push({
        file,
        kind: null,
        diagnostics: [],
        error:
          'cannot tell what kind of request this is: name it *.identity-source.(json|yaml) or *.trust-provider.(json|yaml), start a YAML file with "# verified-identity: <kind>", or pass --kind',
      });
      ioProblem = true;
      continue;
    }
    const semantic = await service.validateSemantic(analyzed);
    const diagnostics = [...service.validate(analyzed), ...semantic].sort(
      (a, b) =>
        a.document - b.document ||
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
    reports.push({ file, kind: analyzed.results()[0]?.kind ?? analyzed.association.base, diagnostics });
  }
  if (found.length === 0)
    io.err('verified-identity: no request files found (looked for *.identity-source.* and *.trust-provider.*)');
  switch (cmd.format) {
    case 'json':
      io.out(formatJson(reports));
      break;
    case 'sarif':
      io.out(formatSarif(reports, service.rules(), VERSION));
      break;
    default:
      io.out(formatText(reports, cmd.color));
  }
  if (ioProblem) return 2;
  return reports.some(r => r.diagnostics.some(d => d.severity === 'error')) ? 1 : 0;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`verified-identity: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  switch (cmd.command) {
    case 'help':
      io.out(USAGE);
      return 0;
    case 'version':
      io.out(VERSION);
      return 0;
    case 'schema':
      io.out(JSON.stringify(createLanguageService().schema(cmd.kind), null, 2));
      return 0;
    case 'validate':
      return runValidate(cmd, io);
  }
}

if (require.main === module) {
  let out = '';
  const io: Io = { out: t => (out += `${t}\n`), err: t => process.stderr.write(`${t}\n`), cwd: process.cwd() };
  main(process.argv.slice(2), io)
    .catch((e: unknown) => {
      process.stderr.write(
        `verified-identity: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      return 2;
    })
    .then(
      code => process.stdout.write(out, () => process.exit(code)),
      () => process.exit(2),
    );
}
