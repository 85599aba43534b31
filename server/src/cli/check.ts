/**
 * Checking the files found by the CLI: read, associate, validate (plus the semantic checks the options enable). Large
 * runs are spread over worker threads (from four cores up, or as VI_CLI_WORKERS says), each with its own service;
 * results keep file order. Every file given gets a report: what cannot be read, what throws while it is checked, and
 * what a stopped worker leaves behind each become that file's error.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createLanguageService, type LanguageService, type ServiceHost } from '../service';
import { associateByName } from '../service/association';
import type { FetchJsonOptions } from '../service/semantic/host';
import { loadCedar } from '../host/cedar-engine';
import { fetchJson } from '../host/fetch-json';
import { localSchema, schemaFile } from '../host/schema-source';
import type { Command } from './args';
import { readRequestFile } from './read';
import type { FileReport } from './report';
import type { Found } from './walk';

export type ValidateCommand = Extract<Command, { command: 'validate' }>;

/** Below this many files a worker's start-up (~50 ms) costs more than it saves. */
const PARALLEL_THRESHOLD = 300;

/** Whether an absolute path has no `.`/`..` segment and no doubled or trailing separator (as `resolve` and `join` give it). */
function normal(path: string): boolean {
  return !/[\\/]\.{1,2}(?:[\\/]|$)|[\\/]{2}|[\\/]$/.test(path.slice(1));
}

/** A path as reports show it: relative to the working directory when it is inside it, else absolute. */
export function display(path: string, cwd: string): string {
  // Inside the working directory (most paths, found by a walk): the rest of the path, without path.relative's work.
  const prefix = cwd.endsWith(sep) ? cwd : cwd + sep;
  if (path.startsWith(prefix) && path.length > prefix.length && normal(path)) {
    const rel = path.slice(prefix.length);
    return sep === '\\' ? rel.replace(/\\/g, '/') : rel;
  }
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  const outside = isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`);
  const shown = outside ? path : rel || '.';
  return sep === '\\' ? shown.replace(/\\/g, '/') : shown;
}

export function hostFor(cmd: ValidateCommand, cwd: string, version: string): ServiceHost {
  let explicit: ReturnType<typeof schemaFile> | undefined;
  const listings = new Map<string, Promise<string[]>>();
  // Schemas beside a file are read only inside the directory given on the command line that holds it (the deepest),
  // or the file's own folder when it was named itself: a link that leads elsewhere is refused, not read.
  const dirs = cmd.paths
    .map(p => resolve(cwd, p))
    .filter(p => {
      try {
        return statSync(p).isDirectory();
      } catch {
        return false;
      }
    })
    .sort((a, b) => b.length - a.length)
    .map(d => ({ dir: d, prefix: d.endsWith(sep) ? d : d + sep }));
  const rootOf = (file: string) => dirs.find(d => file.startsWith(d.prefix))?.dir ?? dirname(resolve(cwd, file));
  return {
    isLikelyCommitted: () => true,
    cedar: loadCedar,
    cedarSchema: uri =>
      cmd.cedarSchema
        ? (explicit ??= schemaFile(resolve(cwd, cmd.cedarSchema)))
        : localSchema(uri, '', rootOf(uri), listings, 'the folder being checked'),
    ...(cmd.online
      ? {
          fetchJson: (url: string, signal?: AbortSignal, options?: FetchJsonOptions) =>
            fetchJson(url, {
              ...options,
              signal,
              userAgent: `verified-identity/${version}`,
              allowLoopback: cmd.allowLoopback,
              loopbackHint: '--allow-loopback is given',
            }),
        }
      : {}),
  };
}

/** An exception in one line without the file's text: its name and the first line of its message, shortened. */
function describeError(e: unknown): string {
  if (!(e instanceof Error)) return `a thrown ${typeof e}`;
  return `${e.name}: ${(e.message.split('\n', 1)[0] ?? '').slice(0, 120)}`;
}

async function checkOne(service: LanguageService, f: Found, cmd: ValidateCommand, cwd: string): Promise<FileReport> {
  const file = display(f.path, cwd);
  const fail = (error: string): FileReport => ({ file, path: f.path, kind: null, diagnostics: [], error });
  const notOurs: FileReport = { file, path: f.path, kind: null, diagnostics: [], notOurs: true };
  /** A template given by name that declares none of the three types: checked, nothing to say. */
  const emptyTemplate: FileReport = { file, path: f.path, kind: 'cloudformation', diagnostics: [] };
  if (f.error) return fail(f.error);
  const read = readRequestFile(f.target ?? f.path, undefined, f.regular);
  let text: string;
  if ('text' in read) {
    text = read.text;
  } else {
    return f.maybe ? notOurs : fail(read.error);
  }
  const analyzed = service.analyze({ uri: f.path, text }, { kind: cmd.kind, sniff: f.explicit });
  if (!analyzed || (analyzed.association.base === 'cloudformation' && analyzed.results().length === 0)) {
    if (!f.explicit) return notOurs;
    if (cmd.kind === 'cloudformation' || associateByName(f.path)?.base === 'cloudformation') return emptyTemplate;
    return fail(
      'cannot tell what kind of request this is: name it *.identity-source.(json|yaml) or *.trust-provider.(json|yaml), start a YAML file with "# verified-identity: <kind>", or pass --kind (a CloudFormation template is checked when it declares an identity source, trust provider or policy store)',
    );
  }
  const semantic = await service.validateSemantic(analyzed);
  const diagnostics = [...service.validate(analyzed), ...semantic].sort(
    (a, b) =>
      a.document - b.document ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character,
  );
  return { file, path: f.path, kind: analyzed.results()[0]?.kind ?? analyzed.association.base, diagnostics };
}

/** Told as each file of a serial run starts and ends (a worker passes it on, so a crash leaves a known culprit). */
export interface Progress {
  start(i: number): void;
  done(i: number, report: FileReport): void;
}

/**
 * Checks files one after the other. A file whose check throws gets that as its error and the others are still
 * checked, with a new service (the one that threw may hold half-done state).
 */
export async function checkSerial(
  files: Found[],
  cmd: ValidateCommand,
  cwd: string,
  version: string,
  makeService: () => LanguageService = () => createLanguageService(hostFor(cmd, cwd, version)),
  progress?: Progress,
): Promise<FileReport[]> {
  let service = makeService();
  const out: FileReport[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    progress?.start(i);
    let report: FileReport;
    try {
      report = await checkOne(service, f, cmd, cwd);
    } catch (e) {
      report = {
        file: display(f.path, cwd),
        path: f.path,
        kind: null,
        diagnostics: [],
        error: `internal error while checking this file (${describeError(e)}); the other files were checked`,
      };
      service = makeService();
    }
    out.push(report);
    progress?.done(i, report);
  }
  return out;
}

export interface WorkerJob {
  viCliWorker: true;
  files: Found[];
  cmd: ValidateCommand;
  cwd: string;
  version: string;
}

/** A worker's messages: it starts file `i` of its slice, or has its report. */
export type WorkerMessage = { start: number } | { done: number; report: FileReport };

/** Runs one slice in a worker thread. Always resolves, with a report or a hole (undefined) per file of the slice. */
function runWorker(
  script: string,
  job: WorkerJob,
): Promise<{ reports: (FileReport | undefined)[]; started: Set<number>; failure?: string }> {
  return new Promise(resolvePromise => {
    const reports: (FileReport | undefined)[] = new Array<FileReport | undefined>(job.files.length);
    const started = new Set<number>();
    let failed: string | undefined;
    let w: Worker;
    try {
      w = new Worker(script, { workerData: job });
    } catch (e) {
      resolvePromise({ reports, started, failure: describeError(e) });
      return;
    }
    w.on('message', (m: WorkerMessage) => {
      if ('start' in m) started.add(m.start);
      else reports[m.done] = m.report;
    });
    w.once('error', e => (failed ??= describeError(e)));
    w.once('exit', code =>
      resolvePromise({
        reports,
        started,
        ...(failed || code !== 0 ? { failure: failed ?? `exit code ${code}` } : {}),
      }),
    );
  });
}

/** Checks files, in worker threads when there are many; `script` is the module that runs `workerMain`. */
export async function checkAll(
  files: Found[],
  cmd: ValidateCommand,
  cwd: string,
  version: string,
  script: string,
): Promise<FileReport[]> {
  const configured = Number(process.env.VI_CLI_WORKERS);
  const cores = availableParallelism();
  // Two cores: V8 already keeps the second one busy with optimizing compilation and garbage collection for the main
  // thread; a worker isolate has to compile everything again and made 2,000 files slower (0.81 s → 1.0 s), so
  // workers start at four cores.
  const workers =
    Number.isInteger(configured) && configured >= 0 ? configured : cores >= 4 ? Math.min(cores - 1, 3) : 0;
  if (files.length < PARALLEL_THRESHOLD || workers < 1) return checkSerial(files, cmd, cwd, version);
  const shares = workers + 1;
  // Dealt round-robin, not in contiguous slices: sorted names put similar files together (all YAML before all JSON,
  // say), and YAML costs several times more to check, so contiguous slices left one thread with most of the work.
  const slices = Array.from({ length: shares }, (_, i) => files.filter((_f, j) => j % shares === i));
  const jobs = slices.slice(1).map(slice => runWorker(script, { viCliWorker: true, files: slice, cmd, cwd, version }));
  const mine = await checkSerial(slices[0], cmd, cwd, version);
  const all: FileReport[][] = [mine];
  for (const [k, job] of (await Promise.all(jobs)).entries()) {
    const slice = slices[k + 1];
    // A worker that stopped (crashed, ran out of memory) leaves holes: the file it had started is reported as the
    // cause, and the files it never started are checked here.
    const holes = slice.flatMap((_f, i) => (job.reports[i] ? [] : [i]));
    const again = holes.filter(i => !job.started.has(i));
    const rechecked = again.length
      ? await checkSerial(
          again.map(i => slice[i]),
          cmd,
          cwd,
          version,
        )
      : [];
    for (const [n, i] of again.entries()) job.reports[i] = rechecked[n];
    for (const i of holes) {
      job.reports[i] ??= {
        file: display(slice[i].path, cwd),
        path: slice[i].path,
        kind: null,
        diagnostics: [],
        error: `internal error: the worker thread checking this file stopped (${job.failure ?? 'no report'}); the other files were checked`,
      };
    }
    all.push(job.reports as FileReport[]);
  }
  // Back in file order: file j is report ⌊j / shares⌋ of share j mod shares.
  return files.map((_f, j) => all[j % shares][Math.floor(j / shares)]);
}

/** The worker side: check the slice, saying when each file starts and posting each report as soon as it is ready. */
export async function workerMain(job: WorkerJob, post: (message: WorkerMessage) => void): Promise<void> {
  await checkSerial(job.files, job.cmd, job.cwd, job.version, undefined, {
    start: i => post({ start: i }),
    done: (i, report) => post({ done: i, report }),
  });
}
