/** The outputs of `validate`: text for people, JSON (SPEC §4); SARIF 2.1.0 for code-scanning tools is in sarif.ts. */
import type { Diagnostic, FileKind } from '../service/types';

export interface FileReport {
  /** As shown: relative to the working directory when inside it, else absolute. */
  file: string;
  /** Absolute. */
  path: string;
  kind: FileKind | null;
  diagnostics: Diagnostic[];
  /** Set when the file could not be read, classified or checked (exit 2). */
  error?: string;
  /** A file the walk found as a possible template that is not one of ours: left out of every report. */
  notOurs?: true;
}

/** A path the directory walk did not check (a link not followed, a special file, a directory too deep). */
export interface SkippedReport {
  /** As shown, like FileReport.file. */
  file: string;
  /** Absolute. */
  path: string;
  reason: string;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
}

export function summarize(files: FileReport[]): Summary {
  let errors = 0;
  let warnings = 0;
  for (const f of files) {
    for (const d of f.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
  }
  return { files: files.length, errors, warnings };
}

export function formatJson(files: FileReport[], skipped: SkippedReport[] = []): string {
  return JSON.stringify(
    {
      files: files.map(f => ({
        file: f.file,
        kind: f.kind,
        diagnostics: f.diagnostics.map(d => ({
          document: d.document,
          path: d.path,
          code: d.code,
          severity: d.severity,
          message: d.message,
          range: d.range,
        })),
        ...(f.error ? { error: f.error } : {}),
      })),
      // Only when something was skipped, so that the shape of SPEC §4 is unchanged otherwise.
      ...(skipped.length ? { skipped: skipped.map(k => ({ path: k.file, reason: k.reason })) } : {}),
      summary: summarize(files),
    },
    null,
    2,
  );
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/**
 * Control characters (a file name can hold escape sequences and line breaks) as `\uXXXX`, so that no name or message
 * can move the cursor, recolor the terminal or start a line of its own in a CI log.
 */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatText(files: FileReport[], color: boolean, skipped: SkippedReport[] = []): string {
  const c = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  for (const f of files) {
    const file = printable(f.file);
    if (f.error) lines.push(`${file}: ${c('31', 'error')} ${printable(f.error)}`);
    for (const d of f.diagnostics) {
      const sev =
        d.severity === 'error' ? c('31', 'error') : d.severity === 'warning' ? c('33', 'warning') : c('36', d.severity);
      const doc = d.document > 0 ? ` (document ${d.document + 1})` : '';
      lines.push(
        `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${sev} ${printable(`${d.message} [${d.code}]${d.path ? ` at ${d.path}` : ''}`)}${doc}`,
      );
    }
  }
  for (const k of skipped) lines.push(`${printable(k.file)}: ${c('33', 'skipped')} ${printable(k.reason)}`);
  const s = summarize(files);
  const failed = files.filter(f => f.error !== undefined).length;
  const notes = [
    ...(failed ? [`${plural(failed, 'file')} could not be checked`] : []),
    ...(skipped.length ? [`${plural(skipped.length, 'path')} skipped`] : []),
  ];
  const tail = notes.map(n => `; ${n}`).join('');
  lines.push(
    `${plural(s.files, 'file')} checked: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${tail}`,
  );
  return lines.join('\n');
}
