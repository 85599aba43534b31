/**
 * Checking the files found by the CLI: read, associate, validate (plus the semantic checks the options enable). Large
 * runs are spread over worker threads (from four cores up, or as VI_CLI_WORKERS says), each with its own service;
 * results keep file order.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createLanguageService, type LanguageService, type ServiceHost } from '../service';
import { loadCedar } from '../host/cedar-engine';
import { fetchJson } from '../host/fetch-json';
import { localSchema } from '../host/schema-source';
import type { Command } from './args';
import type { FileReport } from './report';
import type { Found } from './walk';

export type ValidateCommand = Extract<Command, { command: 'validate' }>;

/** Below this many files a worker's start-up (~50 ms) costs more than it saves. */
const PARALLEL_THRESHOLD = 300;

export function display(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  return (rel.startsWith('..') ? path : rel).replace(/\\/g, '/');
}

export function hostFor(cmd: ValidateCommand, cwd: string, version: string): ServiceHost {
  const explicit = cmd.cedarSchema ? resolve(cwd, cmd.cedarSchema) : undefined;
  const listings = new Map<string, Promise<string[]>>();
  return {
    isLikelyCommitted: () => true,
    cedar: loadCedar,
    cedarSchema: uri => localSchema(uri, explicit ?? '', cwd, listings),
    ...(cmd.online
      ? {
          fetchJson: (url: string, signal?: AbortSignal) =>
            fetchJson(url, { signal, userAgent: `verified-identity/${version}` }),
        }
      : {}),
  };
}

async function checkOne(service: LanguageService, f: Found, cmd: ValidateCommand, cwd: string): Promise<FileReport> {
  const file = display(f.path, cwd);
  let text: string;
  try {
    text = readFileSync(f.path, 'utf8');
  } catch (e) {
    return { file, kind: null, diagnostics: [], error: `cannot read: ${(e as Error).message}` };
  }
  const analyzed = service.analyze({ uri: f.path, text }, { kind: cmd.kind, sniff: f.explicit });
  if (!analyzed) {
    return {
      file,
      kind: null,
      diagnostics: [],
      error:
        'cannot tell what kind of request this is: name it *.identity-source.(json|yaml) or *.trust-provider.(json|yaml), start a YAML file with "# verified-identity: <kind>", or pass --kind',
    };
  }
  const semantic = await service.validateSemantic(analyzed);
  const diagnostics = [...service.validate(analyzed), ...semantic].sort(
    (a, b) =>
      a.document - b.document ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character,
  );
  return { file, kind: analyzed.results()[0]?.kind ?? analyzed.association.base, diagnostics };
}

export async function checkSerial(
  files: Found[],
  cmd: ValidateCommand,
  cwd: string,
  version: string,
): Promise<FileReport[]> {
  const service = createLanguageService(hostFor(cmd, cwd, version));
  const out: FileReport[] = [];
  for (const f of files) out.push(await checkOne(service, f, cmd, cwd));
  return out;
}

export interface WorkerJob {
  viCliWorker: true;
  files: Found[];
  cmd: ValidateCommand;
  cwd: string;
  version: string;
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
  const jobs = slices.slice(1).map(
    slice =>
      new Promise<FileReport[]>((resolvePromise, reject) => {
        const job: WorkerJob = { viCliWorker: true, files: slice, cmd, cwd, version };
        const w = new Worker(script, { workerData: job });
        w.once('message', (reports: FileReport[]) => resolvePromise(reports));
        w.once('error', reject);
        w.once('exit', code => (code !== 0 ? reject(new Error(`worker exited with code ${code}`)) : undefined));
      }),
  );
  const mine = await checkSerial(slices[0], cmd, cwd, version);
  const all = [mine, ...(await Promise.all(jobs))];
  // Back in file order: file j is report ⌊j / shares⌋ of share j mod shares.
  return files.map((_f, j) => all[j % shares][Math.floor(j / shares)]);
}

/** The worker side: check the slice and post the reports back. */
export async function workerMain(job: WorkerJob, post: (reports: FileReport[]) => void): Promise<void> {
  post(await checkSerial(job.files, job.cmd, job.cwd, job.version));
}
