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
import type { ResourceResult, TemplateAnalysis } from './types';

/** The document a template is (the first that holds anything). */
export function templateDocument(file: ParsedFile): ParsedDocument | undefined {
  return file.documents.find(d => d.root !== undefined) ?? file.documents[0];
}

/** The syntax problems of the template's text, as findings at `""`. */
export function syntaxFindings(doc: ParsedDocument): Finding[] {
  return doc.issues.map(issue => {
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
