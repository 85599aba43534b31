/**
 * `verified-identity` — the CLI: a thin adapter over the language service for CI pipelines (SPEC §4).
 * Exit status: 0 no errors, 1 errors found, 2 usage or I/O problem (a file that could not be checked), or nothing
 * checked. Every path given is reported, whatever happens to any one file.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseArgs, USAGE, UsageError, type Command } from './cli/args';
import { checkAll, display, workerMain, type ValidateCommand, type WorkerJob } from './cli/check';
import { runCheckToken } from './cli/check-token';
import { fileType, ioReason, readStdin, type ReadResult } from './cli/read';
import { formatJson, formatText } from './cli/report';
import { formatSarif } from './cli/sarif';
import { findFiles } from './cli/walk';
import { createLanguageService } from './service';
import { RULES } from './service/rules/registry';

declare const VI_VERSION: string | undefined;
const VERSION = typeof VI_VERSION === 'string' ? VI_VERSION : '0.0.0-dev';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** Standard input, up to `maxBytes` (check-token's `-`); process.stdin by default. */
  stdin?: (maxBytes: number) => Promise<ReadResult>;
}

export async function runValidate(cmd: ValidateCommand, io: Io): Promise<number> {
  if (cmd.cedarSchema) {
    const problem = schemaProblem(resolve(io.cwd, cmd.cedarSchema));
    if (problem) {
      io.err(`verified-identity: Cedar schema ${cmd.cedarSchema}: ${problem}`);
      return 2;
    }
  }
  const found = findFiles(cmd.paths.map(p => resolve(io.cwd, p)));
  const reports = await checkAll(found.files, cmd, io.cwd, VERSION, __filename);
  const skipped = found.skipped.map(k => ({ file: display(k.path, io.cwd), path: k.path, reason: k.reason }));
  const nothingChecked =
    reports.length > 0
      ? undefined
      : skipped.length > 0
        ? `nothing checked: every path found was skipped (${skipped.length} listed in the report)`
        : 'no request files found (looked for *.identity-source.* and *.trust-provider.*)';
  if (nothingChecked) io.err(`verified-identity: ${nothingChecked}`);
  switch (cmd.format) {
    case 'json':
      io.out(formatJson(reports, skipped));
      break;
    case 'sarif':
      io.out(
        formatSarif(
          { files: reports, skipped, cwd: io.cwd, ...(nothingChecked ? { nothingChecked } : {}) },
          RULES,
          VERSION,
        ),
      );
      break;
    default:
      io.out(formatText(reports, cmd.color, skipped));
  }
  if (nothingChecked || reports.some(r => r.error !== undefined)) return 2;
  return reports.some(r => r.diagnostics.some(d => d.severity === 'error')) ? 1 : 0;
}

/** Why the --cedar-schema file cannot be used, checked before any file is: missing, not a regular file. */
function schemaProblem(path: string): string | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? undefined : `${fileType(st)}, not a schema file`;
  } catch (e) {
    return ioReason(e);
  }
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
    case 'check-token':
      return runCheckToken(cmd, { ...io, stdin: io.stdin ?? (max => readStdin(process.stdin, max)) }, VERSION);
  }
}

if (!isMainThread && (workerData as WorkerJob | undefined)?.viCliWorker) {
  void workerMain(workerData as WorkerJob, message => parentPort!.postMessage(message));
} else if (require.main === module) {
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
