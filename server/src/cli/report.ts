/** The outputs of `validate`: text for people, JSON (SPEC §4), SARIF 2.1.0 for code-scanning tools. */
import type { RuleInfo } from '../service/rules/registry';
import type { Diagnostic, Kind } from '../service/types';

export interface FileReport {
  file: string;
  kind: Kind | null;
  diagnostics: Diagnostic[];
  /** Set when the file could not be read or classified (exit 2). */
  error?: string;
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

export function formatJson(files: FileReport[]): string {
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
      summary: summarize(files),
    },
    null,
    2,
  );
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function formatText(files: FileReport[], color: boolean): string {
  const c = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  for (const f of files) {
    if (f.error) lines.push(`${f.file}: ${c('31', 'error')} ${f.error}`);
    for (const d of f.diagnostics) {
      const sev =
        d.severity === 'error' ? c('31', 'error') : d.severity === 'warning' ? c('33', 'warning') : c('36', d.severity);
      const doc = d.document > 0 ? ` (document ${d.document + 1})` : '';
      lines.push(
        `${f.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${sev} ${d.message} [${d.code}]${d.path ? ` at ${d.path}` : ''}${doc}`,
      );
    }
  }
  const s = summarize(files);
  lines.push(`${plural(s.files, 'file')} checked: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`);
  return lines.join('\n');
}

const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

export function formatSarif(files: FileReport[], rules: readonly RuleInfo[], version: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.code, i]));
  const results = files.flatMap(f => [
    ...f.diagnostics.map(d => ({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.file.replace(/\\/g, '/'), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
          ...(d.path ? { logicalLocations: [{ fullyQualifiedName: d.path, kind: 'member' }] } : {}),
        },
      ],
      properties: { document: d.document, path: d.path },
    })),
    ...(f.error
      ? [
          {
            ruleId: 'io-error',
            level: 'error' as const,
            message: { text: f.error },
            locations: [
              { physicalLocation: { artifactLocation: { uri: f.file.replace(/\\/g, '/'), uriBaseId: '%SRCROOT%' } } },
            ],
          },
        ]
      : []),
  ]);
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'verified-identity',
              version,
              informationUri: 'https://example.invalid/verified-identity',
              rules: rules.map(r => ({
                id: r.code,
                shortDescription: { text: r.summary },
                defaultConfiguration: { level: LEVEL[r.severity] },
                properties: { family: r.family, basis: r.basis },
              })),
            },
          },
          columnKind: 'utf16CodeUnits',
          results,
        },
      ],
    },
    null,
    2,
  );
}
