/** Runs every check family over a parsed file and turns findings into positioned diagnostics. */
import { documentKind, type Association } from './association';
import { KINDS } from './model/kinds';
import type { ParsedDocument, ParsedFile } from './parse';
import { LIMITS } from './parse/limits';
import { CheckContext, type CheckOptions, type Finding } from './rules/context';
import { describeValue } from './rules/describe';
import { checkHygiene } from './rules/hygiene';
import { checkIdentitySource } from './rules/identity-source';
import { ShapeWalker } from './rules/shape';
import { R as SHAPE } from './rules/shape-registry';
import { R as SYNTAX, syntaxRule } from './rules/syntax';
import { checkTags } from './rules/tags';
import { checkTrustProvider } from './rules/trust-provider';
import { analyzeTemplateSteps, syntaxFindings, templateDocument } from './template/analyze';
import type { TemplateAnalysis } from './template/types';
import type { BaseKind, Diagnostic, FileKind, Kind } from './types';

export interface DocumentResult {
  index: number;
  kind: FileKind;
  findings: Finding[];
}

/** A request document's result (its kind is one of the four request kinds). */
export interface RequestDocumentResult extends DocumentResult {
  kind: Kind;
}

/** Findings of one document, without positions (cheap; positions are computed once at the end). */
export function checkDocument(
  file: ParsedFile,
  doc: ParsedDocument,
  kind: Kind,
  options: CheckOptions,
  streamSize: number,
): Finding[] {
  const ctx = new CheckContext(file, doc, KINDS[kind], options);
  for (const issue of doc.issues) {
    ctx.report(syntaxRule(issue.code), issue.start, issue.end, '', issue.message, { severity: issue.severity });
  }
  const root = doc.root;
  if (!root) {
    if (streamSize === 1 && doc.issues.length === 0) {
      ctx.report(
        SYNTAX.empty,
        doc.start,
        doc.start,
        '',
        `The file holds no request: expected a ${KINDS[kind].operation} request object.`,
      );
    }
    return ctx.findings;
  }
  if (root.type !== 'object') {
    ctx.report(
      SHAPE.wrongType,
      root.start,
      root.end,
      '',
      `A ${KINDS[kind].operation} request must be an object of members, not ${describeValue(root)}.`,
    );
    return ctx.findings;
  }
  ShapeWalker.run(ctx, root);
  if (KINDS[kind].service === 'ec2') {
    checkTrustProvider(ctx, root);
    if (kind === 'trust-provider') checkTags(ctx, root);
  } else {
    checkIdentitySource(ctx, root);
  }
  checkHygiene(ctx, root);
  return ctx.findings;
}

export function checkFile(
  file: ParsedFile,
  association: Association & { base: BaseKind },
  options: CheckOptions,
): RequestDocumentResult[] {
  return drain(checkFileSteps(file, association, options));
}

/** `checkFile` one document per step (for analysis spread over several turns of an event loop). */
export function* checkFileSteps(
  file: ParsedFile,
  association: Association & { base: BaseKind },
  options: CheckOptions,
): Generator<void, RequestDocumentResult[]> {
  const docs = file.documents;
  const nonEmpty = docs.filter(d => d.root !== undefined || d.issues.length > 0);
  const checked = nonEmpty.length > 0 ? nonEmpty : docs.slice(0, 1);
  const out: RequestDocumentResult[] = [];
  for (const doc of checked) {
    if (out.length > 0) yield;
    const kind = documentKind(association.base, doc.root, association.forced);
    out.push({ index: doc.index, kind, findings: checkDocument(file, doc, kind, options, checked.length) });
  }
  return out;
}

/**
 * A template's analysis and its one result: the file's syntax problems and every resource's findings. A template
 * that declares none of the three types has no result (nothing at all is reported), except that a template named as
 * one (by name, setting or modeline) whose text names one of the types still shows the syntax errors that leave it
 * unreadable (they may be what hides its resources).
 */
export function* checkTemplateSteps(
  file: ParsedFile,
  association: Association,
  options: CheckOptions,
): Generator<void, { analysis: TemplateAnalysis | undefined; results: DocumentResult[] }> {
  const analysis = yield* analyzeTemplateSteps(file, options);
  const doc = templateDocument(file);
  if (!doc) return { analysis, results: [] };
  // Without a resource of ours, only what leaves the text unreadable (it may be what hides them).
  const syntax = syntaxFindings(doc, analysis?.resources ?? []);
  if (!analysis) {
    const named = association.by !== 'content' && syntax.length > 0;
    return { analysis, results: named ? [{ index: doc.index, kind: 'cloudformation', findings: syntax }] : [] };
  }
  const findings = [...syntax, ...analysis.results.flatMap(r => r.findings)];
  return { analysis, results: [{ index: doc.index, kind: 'cloudformation', findings }] };
}

export function toDiagnostics(file: ParsedFile, results: DocumentResult[]): Diagnostic[] {
  return drain(toDiagnosticsSteps(file, results));
}

/**
 * `toDiagnostics` one document per step. Findings past the file's limit are only counted: a file with a hundred
 * thousand problems costs a sort and a count, not a hundred thousand positioned diagnostics.
 */
export function* toDiagnosticsSteps(file: ParsedFile, results: DocumentResult[]): Generator<void, Diagnostic[]> {
  if (file.refusal) {
    const r = file.refusal;
    const rule = syntaxRule(r.code);
    return [
      {
        document: 0,
        path: '',
        code: rule.code,
        severity: 'error',
        message: r.message,
        range: file.lines.range(r.start, r.end),
        offset: r.start,
        length: r.end - r.start,
      },
    ];
  }
  const out: Diagnostic[] = [];
  let rest = 0;
  for (const [i, res] of results.entries()) {
    if (i > 0) yield;
    const room = LIMITS.maxDiagnostics - out.length;
    if (room <= 0) {
      rest += res.findings.length;
      continue;
    }
    const sorted = inTextOrder(res.findings);
    for (let j = 0; j < sorted.length && j < room; j++) out.push(toDiagnostic(file, res.index, sorted[j]));
    rest += Math.max(0, sorted.length - room);
  }
  if (rest > 0) {
    const last = out[out.length - 1];
    out.push({
      ...last,
      path: '',
      code: SYNTAX.tooMany.code,
      severity: 'warning',
      message: `${rest} more problems are not shown (at most ${LIMITS.maxDiagnostics} per file).`,
      data: undefined,
    });
  }
  return out;
}

/** Positions findings of one document, in text order. */
export function findingsToDiagnostics(file: ParsedFile, document: number, findings: Finding[]): Diagnostic[] {
  return inTextOrder(findings).map(f => toDiagnostic(file, document, f));
}

function inTextOrder(findings: Finding[]): Finding[] {
  return findings.slice().sort((a, b) => a.start - b.start || a.end - b.end);
}

function toDiagnostic(file: ParsedFile, document: number, f: Finding): Diagnostic {
  return {
    document,
    path: f.path,
    code: f.rule.code,
    severity: f.severity,
    message: f.message,
    range: file.lines.range(f.start, f.end),
    offset: f.start,
    length: f.end - f.start,
    ...(f.data ? { data: f.data } : {}),
    ...(typeof f.data?.schema === 'string' ? { source: f.data.schema } : {}),
  };
}

/** Runs a generator of steps to its end and returns its value. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
