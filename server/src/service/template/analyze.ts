/**
 * The analysis of a template: its model (`collect.ts`), then one check per resource of the three types
 * (`check.ts`), a step each, so the language server can spread a large template over several turns of its event loop
 * and a later incremental analysis can redo only the resource an edit touched. Syntax problems of the file are
 * findings of the template as a whole (path `""`); a template that declares none of the three types gets nothing.
 */
import type { ParsedDocument, ParsedFile } from '../parse';
import type { CheckOptions, Finding } from '../rules/context';
import { syntaxRule } from '../rules/syntax';
import { checkResource } from './check';
import { collectTemplate } from './collect';
import type { ResourceResult, TemplateAnalysis, TemplateResource } from './types';

/** The document a template is (the first that holds anything). */
export function templateDocument(file: ParsedFile): ParsedDocument | undefined {
  return file.documents.find(d => d.root !== undefined) ?? file.documents[0];
}

/**
 * Problems that leave the text unreadable as a whole: reported wherever they are, since they may be what hides or
 * breaks a resource of ours. Every other syntax problem (a duplicate key, an alias, an unknown tag) is reported only
 * inside the resources of the three types: the rest of the template belongs to the other tools.
 */
const FATAL = new Set(['syntax', 'too-deep', 'alias-limit', 'too-large', 'binary']);

/**
 * The syntax problems of the template's text, as findings at `""`. With the template's resources of the three types,
 * only fatal problems and those inside these resources.
 */
export function syntaxFindings(doc: ParsedDocument, resources?: readonly TemplateResource[]): Finding[] {
  const ours = (start: number) =>
    resources === undefined || resources.some(r => start >= r.key.keyStart && start <= Math.max(r.key.end, r.node.end));
  const kept = doc.issues.filter(i => (i.severity === 'error' && FATAL.has(i.code)) || ours(i.start));
  return kept.map(issue => {
    const rule = syntaxRule(issue.code);
    return {
      rule,
      severity: issue.severity,
      message: issue.message,
      start: issue.start,
      end: Math.max(issue.end, issue.start),
      path: '',
    };
  });
}

/** `analyzeTemplate`, yielding after each resource. Undefined when the file is not a template of ours. */
export function* analyzeTemplateSteps(
  file: ParsedFile,
  options: CheckOptions,
): Generator<void, TemplateAnalysis | undefined> {
  const doc = templateDocument(file);
  const model = doc && collectTemplate(doc.root);
  if (!doc || !model) return undefined;
  const results: ResourceResult[] = [];
  for (const resource of model.resources) {
    if (results.length > 0) yield;
    results.push({ resource, findings: checkResource(file, doc, model, resource, options) });
  }
  return { ...model, results };
}
