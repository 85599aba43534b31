/**
 * Target (b): the CLI in process (`main` from `server/src/cli.ts`) on the case written to a temporary file, with
 * `--format json`, `sarif` or `text` in turn. The output must parse, the exit status must follow from the report
 * (2 when a file could not be checked, else 1 when there is an error, else 0), no file may fail with an internal
 * error, every range must lie in the text as the CLI read it (UTF-8: a lone surrogate becomes U+FFFD), and the
 * diagnostics must be the service's own for that text.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import { Problems, checkDiagnostics, checkEcho, type AnyDiagnostic } from './invariants';
import type { FuzzCase } from './mutate';
import { analyzeCase, serviceTarget, type CaseResult, type ServiceTarget } from './target-service';
import { Lines } from './text';

export interface CliTarget {
  dir: string;
  service: ServiceTarget;
  semantic: ReadonlySet<string>;
}

export function cliTarget(dir: string): CliTarget {
  mkdirSync(dir, { recursive: true });
  const service = serviceTarget();
  return {
    dir,
    service,
    semantic: new Set(
      service.service
        .rules()
        .filter(r => r.family === 'semantic')
        .map(r => r.code),
    ),
  };
}

const FORMATS = ['json', 'sarif', 'text'] as const;

interface JsonReport {
  files: { file: string; kind: string | null; diagnostics: AnyDiagnostic[]; error?: string }[];
  summary: { files: number; errors: number; warnings: number };
}

interface SarifLog {
  version: string;
  runs: {
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { region?: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
      }[];
    }[];
  }[];
}

/** A file name the file system takes: the case's name without separators, shortened. */
function fileName(c: FuzzCase): string {
  const safe = c.name.replace(/[\\/\0]/g, '_');
  return safe.length > 120 ? safe.slice(-120) : safe;
}

export async function runCliCase(t: CliTarget, c: FuzzCase): Promise<CaseResult> {
  const p = new Problems();
  const format = FORMATS[c.index % FORMATS.length];
  const name = fileName(c);
  const path = join(t.dir, name);
  writeFileSync(path, c.text, 'utf8');
  // What the CLI reads back: UTF-8, so lone surrogates are U+FFFD.
  const read = Buffer.from(c.text, 'utf8').toString('utf8');
  let out = '';
  let err = '';
  const t0 = performance.now();
  let code: number | undefined;
  try {
    code = await main(['validate', '--format', format, name], {
      out: s => (out += `${s}\n`),
      err: s => (err += `${s}\n`),
      cwd: t.dir,
    });
  } catch (e) {
    p.add(
      'cli',
      `main threw ${e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 6).join(' | ') : String(e)}`,
    );
  }
  const ms = performance.now() - t0;
  rmSync(path, { force: true });
  if (code === undefined) return { ms, problems: p.list, how: 'name', diagnostics: 0 };
  if (![0, 1, 2].includes(code)) p.add('cli', `exit code ${code}`);
  const lines = new Lines(read);
  const { codes } = t.service;
  let diagnostics: AnyDiagnostic[] = [];
  let failed = false;
  if (format === 'json') {
    let report: JsonReport | undefined;
    try {
      report = JSON.parse(out) as JsonReport;
    } catch (e) {
      p.add('cli json', `output does not parse (${String(e)}): ${out.slice(0, 200)}`);
    }
    if (report) {
      const f = report.files?.[0];
      if (report.files?.length !== 1 || !f) p.add('cli json', `${report.files?.length} files reported`);
      else {
        diagnostics = f.diagnostics;
        failed = f.error !== undefined;
        checkDiagnostics(p, 'cli json', lines, f.diagnostics, codes);
        const errors = f.diagnostics.filter(d => d.severity === 'error').length;
        const warnings = f.diagnostics.filter(d => d.severity === 'warning').length;
        if (report.summary.errors !== errors || report.summary.warnings !== warnings || report.summary.files !== 1)
          p.add('cli json', `summary ${JSON.stringify(report.summary)} for ${errors} errors, ${warnings} warnings`);
        const expected = failed ? 2 : errors ? 1 : 0;
        if (code !== expected)
          p.add('cli json', `exit code ${code}, expected ${expected} (${f.error ?? `${errors} errors`})`);
      }
    }
  } else if (format === 'sarif') {
    let log: SarifLog | undefined;
    try {
      log = JSON.parse(out) as SarifLog;
    } catch (e) {
      p.add('cli sarif', `output does not parse (${String(e)}): ${out.slice(0, 200)}`);
    }
    if (log) {
      if (log.version !== '2.1.0' || log.runs?.length !== 1)
        p.add('cli sarif', `version ${log.version}, ${log.runs?.length} runs`);
      const results = log.runs?.[0]?.results ?? [];
      failed = results.some(r => r.ruleId === 'io-error');
      const checked = results.filter(r => r.ruleId !== 'io-error');
      diagnostics = checked.map(r => {
        const g = r.locations?.[0]?.physicalLocation?.region;
        return {
          code: r.ruleId,
          severity: r.level === 'note' ? 'information' : r.level,
          message: r.message?.text,
          range: g && {
            start: { line: g.startLine - 1, character: g.startColumn - 1 },
            end: { line: g.endLine - 1, character: g.endColumn - 1 },
          },
        };
      });
      checkDiagnostics(p, 'cli sarif', lines, diagnostics, codes);
      const expected = failed ? 2 : checked.some(r => r.level === 'error') ? 1 : 0;
      if (code !== expected) p.add('cli sarif', `exit code ${code}, expected ${expected}`);
      const io = results.find(r => r.ruleId === 'io-error');
      if (io && /internal error/.test(io.message.text)) p.add('cli sarif', io.message.text);
    }
  } else {
    // eslint-disable-next-line no-control-regex -- control characters in the text output are the finding
    const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.exec(out + err);
    if (control)
      p.add(
        'cli text',
        `raw control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')} in the output`,
      );
    if (!/\d+ files? checked/.test(out)) p.add('cli text', `no summary line: ${out.slice(-200)}`);
  }
  if (/internal error/.test(out + err))
    p.add(`cli ${format}`, `internal error: ${(out + err).match(/internal error[^\n]*/)?.[0]}`);
  checkEcho(
    p,
    `cli ${format}`,
    read,
    diagnostics.map(d => ({ what: `${String(d.code)} message`, text: String(d.message) })),
  );

  // The CLI's diagnostics are the service's, apart from semantic ones (which need I/O the service target lacks).
  let how: CaseResult['how'] = 'name';
  if (format !== 'text' && !failed) {
    const mine = analyzeCase(t.service.service, { ...c, text: read }, read);
    how = mine.how;
    if (how !== 'forced') {
      const key = (d: AnyDiagnostic) => `${String(d.code)} ${JSON.stringify(d.range)} ${String(d.message)}`;
      const expected = t.service.service.validate(mine.file).map(key).sort();
      const got = diagnostics
        .filter(d => !t.semantic.has(String(d.code)))
        .map(key)
        .sort();
      if (JSON.stringify(expected) !== JSON.stringify(got))
        p.add(`cli ${format}`, `diagnostics differ from the service's: ${diff(expected, got)}`);
    }
  }
  return { ms, problems: p.list, how, diagnostics: diagnostics.length };
}

/** The first few entries only one side has. */
export function diff(expected: string[], got: string[]): string {
  const a = new Set(expected);
  const b = new Set(got);
  const missing = expected.filter(x => !b.has(x)).slice(0, 3);
  const extra = got.filter(x => !a.has(x)).slice(0, 3);
  return `missing ${JSON.stringify(missing).slice(0, 400)}, extra ${JSON.stringify(extra).slice(0, 400)} (${expected.length} vs ${got.length})`;
}
