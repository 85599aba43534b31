/**
 * Test helpers for the pure language service: fixtures with inline markers, edit application, completion at a cursor
 * (and its items inserted), a shared service.
 *
 * Marker lines (removed before the text is analyzed) refer to the nearest content line above them:
 *   `    ^^^^^ error unknown-member: Did you mean`   expects a diagnostic on those columns (message contains the text)
 *   `    ^^^... error tag-limit`                     a range that starts there and ends on a later line
 *   `    !^ error empty-document`                    a zero-width range at the column of `!`
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  createLanguageService,
  type AnalyzedFile,
  type CompletionItem,
  type Diagnostic,
  type TextEdit,
} from '../../server/src/service';
import type { ServiceSettings } from '../../server/src/service/service';

export const service = createLanguageService();

/** The repository root, from `out/test/unit` or `test/unit`. */
export const ROOT = (() => {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      if (statSync(join(dir, 'package.json')).isFile()) return dir;
    } catch {
      /* keep looking */
    }
    dir = join(dir, '..');
  }
  throw new Error('repository root not found');
})();

export function fixturePath(...parts: string[]): string {
  return join(ROOT, 'test', 'fixtures', ...parts);
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

export function listDir(...parts: string[]): string[] {
  return readdirSync(fixturePath(...parts)).sort();
}

export function analyze(name: string, text: string, settings?: ServiceSettings): AnalyzedFile {
  const f = service.analyze({ uri: `file:///ws/${name}`, text }, settings ? { settings } : {});
  assert.ok(f, `${name} is not associated`);
  return f;
}

export interface Expected {
  line: number;
  start: number;
  /** Undefined: the range ends on a later line (only the start is checked). */
  end?: number;
  severity: string;
  code: string;
  message?: string;
}

const MARKER = /^(\s*)(!\^|\^+(?:\.\.\.)?)\s+(error|warning|information|hint)\s+([a-z-]+)(?::\s*(.*))?$/;

export function parseMarked(src: string): { text: string; expected: Expected[] } {
  const out: string[] = [];
  const expected: Expected[] = [];
  for (const line of src.split('\n')) {
    const m = MARKER.exec(line);
    if (m && out.length > 0) {
      const start = m[1].length;
      const mark = m[2];
      expected.push({
        line: out.length - 1,
        start,
        end: mark === '!^' ? start : mark.endsWith('...') ? undefined : start + mark.length,
        severity: m[3],
        code: m[4],
        ...(m[5] ? { message: m[5].trim() } : {}),
      });
    } else out.push(line);
  }
  return { text: out.join('\n'), expected };
}

function describeDiag(d: Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code} "${d.message}"`;
}

/** Asserts that the diagnostics of a marked fixture are exactly the marked ones. */
export function assertMarked(name: string, src: string, settings?: ServiceSettings): Diagnostic[] {
  const { text, expected } = parseMarked(src);
  const diags = service.validate(analyze(name, text, settings));
  const unmatched = diags.slice();
  const missing: Expected[] = [];
  for (const e of expected) {
    const i = unmatched.findIndex(
      d =>
        d.code === e.code &&
        d.severity === e.severity &&
        d.range.start.line === e.line &&
        d.range.start.character === e.start &&
        (e.end === undefined
          ? d.range.end.line > e.line
          : d.range.end.line === e.line && d.range.end.character === e.end) &&
        (e.message === undefined || d.message.includes(e.message)),
    );
    if (i < 0) missing.push(e);
    else unmatched.splice(i, 1);
  }
  if (missing.length || unmatched.length) {
    assert.fail(
      `${name}:\n  missing: ${missing.map(e => JSON.stringify(e)).join('\n           ') || '-'}\n  unexpected: ${
        unmatched.map(describeDiag).join('\n              ') || '-'
      }\n  all: ${diags.map(describeDiag).join('\n       ')}`,
    );
  }
  return diags;
}

/** Applies LSP-style edits (non-overlapping) to a text. */
export function applyEdits(file: AnalyzedFile, edits: TextEdit[]): string {
  const withOffsets = edits
    .map(e => ({ start: file.lines.offsetAt(e.range.start), end: file.lines.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let text = file.text;
  let lastStart = Infinity;
  for (const e of withOffsets) {
    assert.ok(e.end <= lastStart, 'edits overlap');
    text = text.slice(0, e.start) + e.text + text.slice(e.end);
    lastStart = e.start;
  }
  return text;
}

/** `|` marks the cursor; returns the text without it and the position. */
export function withCursor(
  name: string,
  src: string,
): { file: AnalyzedFile; position: { line: number; character: number } } {
  const offset = src.indexOf('|');
  assert.ok(offset >= 0, 'no cursor marker');
  const file = analyze(name, src.slice(0, offset) + src.slice(offset + 1));
  return { file, position: file.lines.positionAt(offset) };
}

/** The completion items at the `|` cursor. */
export function complete(name: string, src: string): CompletionItem[] {
  const { file, position } = withCursor(name, src);
  return service.complete(file, position);
}

export const labels = (items: CompletionItem[]): string[] => items.map(i => i.label);

/** The labels in the order the editor shows them (by `sortText`, else label). */
export const sorted = (items: CompletionItem[]): string[] =>
  items
    .slice()
    .sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label))
    .map(i => i.label);

/**
 * The text after inserting the item `label` at the `|` cursor as VS Code does: snippet placeholders reduced to their
 * defaults, continuation lines indented like the cursor's line.
 */
export function insert(name: string, src: string, label: string): string {
  const { file, position } = withCursor(name, src);
  const item = service.complete(file, position).find(i => i.label === label);
  assert.ok(item, `no item ${label}`);
  const start = file.lines.offsetAt(item.range.start);
  const end = file.lines.offsetAt(item.range.end);
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart))![0];
  let text = item.insertText;
  if (item.isSnippet) {
    text = text
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
      .replace(/\$\{\d+:((?:\\.|[^}])*)\}/g, (_m, d: string) => d.replace(/\\(.)/g, '$1'))
      .replace(/\$\d+/g, '')
      .replace(/\\([$}\\])/g, '$1');
    text = text.replace(/\n/g, `\n${indent}`).replace(/\t/g, '  ');
  }
  return file.text.slice(0, start) + text + file.text.slice(end);
}
