/**
 * SARIF 2.1.0 output for code-scanning tools. Files under the working directory are relative URIs against
 * `%SRCROOT%`, which `originalUriBaseIds` sets to the working directory; files elsewhere are absolute `file:` URIs.
 * Every path segment is percent-encoded (RFC 3986), so spaces, `#`, `%` and non-ASCII names round-trip. Paths the walk
 * skipped and a run that checked nothing are tool execution notifications of the one invocation.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { RuleInfo } from '../service/rules/registry';
import type { FileReport, SkippedReport } from './report';

const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
const SRCROOT = '%SRCROOT%';

/** A lone UTF-16 surrogate (a file name Node could not decode) cannot be UTF-8 encoded: it becomes U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * One path segment, percent-encoded: everything but RFC 3986's unreserved characters and `!'()*` (sub-delimiters,
 * allowed in a segment). `:` is encoded too, so a relative reference's first segment is never read as a scheme.
 */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment.replace(LONE_SURROGATE, '\uFFFD'));
}

/** Segments of an absolute or relative path, split at the platform's separators. */
function segments(path: string, windows: boolean): string[] {
  return path.split(windows ? /[\\/]/ : '/');
}

/** An absolute path as a `file:` URI: `file:///a/b`, `file:///C:/a/b`, `file://server/share/a` (UNC). */
export function fileUri(path: string, windows = sep === '\\'): string {
  if (windows) {
    const unc = /^[\\/]{2}([^\\/]+)[\\/](.*)$/.exec(path);
    if (unc) return `file://${encodeSegment(unc[1])}/${segments(unc[2], true).map(encodeSegment).join('/')}`;
    const drive = /^([A-Za-z]:)[\\/]?(.*)$/.exec(path);
    if (drive) return `file:///${drive[1]}/${segments(drive[2], true).map(encodeSegment).join('/')}`;
  }
  return `file://${segments(path, windows).map(encodeSegment).join('/')}`;
}

/** Where a file is, for `artifactLocation`: relative to `%SRCROOT%` when under `cwd`, else an absolute file URI. */
export function artifactLocation(path: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = relative(cwd, path);
  const windows = sep === '\\';
  if (rel !== '' && !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`)) {
    return { uri: segments(rel, windows).map(encodeSegment).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: fileUri(path, windows) };
}

/** The working directory as the base URI: a `file:` URI that ends in `/`. */
function baseUri(cwd: string): string {
  const uri = fileUri(cwd);
  return uri.endsWith('/') ? uri : `${uri}/`;
}

export interface SarifRun {
  files: FileReport[];
  skipped: SkippedReport[];
  cwd: string;
  /** Set when nothing was checked: why. */
  nothingChecked?: string;
}

export function formatSarif(run: SarifRun, rules: readonly RuleInfo[], version: string): string {
  const { files, skipped, cwd } = run;
  const ruleIndex = new Map(rules.map((r, i) => [r.code, i]));
  const results = files.flatMap(f => {
    const artifact = artifactLocation(f.path, cwd);
    return [
      ...f.diagnostics.map(d => ({
        ruleId: d.code,
        ruleIndex: ruleIndex.get(d.code),
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifact,
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
              locations: [{ physicalLocation: { artifactLocation: artifact } }],
            },
          ]
        : []),
    ];
  });
  const notifications = [
    ...skipped.map(k => ({
      descriptor: { id: 'skipped-path' },
      level: 'warning' as const,
      message: { text: `Skipped: ${k.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(k.path, cwd) } }],
    })),
    ...(run.nothingChecked
      ? [{ descriptor: { id: 'nothing-checked' }, level: 'error' as const, message: { text: run.nothingChecked } }]
      : []),
  ];
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
              informationUri: 'https://www.npmjs.com/package/verified-identity',
              rules: rules.map(r => ({
                id: r.code,
                shortDescription: { text: r.summary },
                defaultConfiguration: { level: LEVEL[r.severity] },
                properties: { family: r.family, basis: r.basis },
              })),
            },
          },
          invocations: [
            {
              executionSuccessful: !run.nothingChecked && !files.some(f => f.error !== undefined),
              ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
            },
          ],
          originalUriBaseIds: { [SRCROOT]: { uri: baseUri(cwd) } },
          columnKind: 'utf16CodeUnits',
          results,
        },
      ],
    },
    null,
    2,
  );
}
