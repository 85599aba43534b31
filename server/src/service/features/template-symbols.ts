/**
 * The outline of a CloudFormation template (SPEC §9): the resources of the three types only (logical ID, the type as
 * detail, their properties as children). The rest of the template gets no symbols from us: the other tools outline it.
 */
import type { AnalyzedFile } from '../service';
import type { DocumentSymbol } from '../types';
import { memberSymbols } from './symbols';
import { templateModel } from './template-completion';

export function templateSymbols(file: AnalyzedFile): DocumentSymbol[] {
  const model = templateModel(file);
  if (!model) return [];
  const lines = file.lines;
  const budget = { left: 5000 };
  return model.resources.map(r => ({
    name: r.logicalId === '' ? '""' : r.logicalId,
    detail: r.type,
    kind: 'object' as const,
    range: lines.range(r.key.start, Math.max(r.key.end, r.node.end)),
    selectionRange: lines.range(r.key.keyStart, r.key.keyEnd),
    children: memberSymbols(lines, r.properties?.value, budget),
  }));
}
