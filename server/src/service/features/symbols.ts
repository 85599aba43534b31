/** Document symbols (outline): members as a tree; each YAML document of a stream is its own top-level symbol. */
import type { Node } from '../parse/ast';
import type { LineIndex } from '../parse/line-index';
import type { AnalyzedFile } from '../service';
import type { DocumentSymbol, SymbolKind } from '../types';

const MAX_SYMBOLS = 5000;

function detail(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'string' || n.type === 'date' || n.type === 'bytes')
    return String(n.value).length > 60 ? `${String(n.value).slice(0, 60)}…` : String(n.value);
  if (n.type === 'number' || n.type === 'boolean') return String(n.value);
  if (n.type === 'array') return `${n.items.length} item${n.items.length === 1 ? '' : 's'}`;
  return undefined;
}

function kindOf(n: Node | undefined): SymbolKind {
  // A YAML date or bytes value is text in the file.
  return n ? (n.type === 'date' || n.type === 'bytes' ? 'string' : n.type) : 'null';
}

/** The members of a node as a tree of symbols, counted against `budget` (shared by the calls of one outline). */
export function memberSymbols(
  lines: LineIndex,
  node: Node | undefined,
  budget: { left: number } = { left: MAX_SYMBOLS },
): DocumentSymbol[] {
  const seen = new Set<Node>();

  const children = (n: Node | undefined): DocumentSymbol[] => {
    if (!n || budget.left <= 0 || seen.has(n)) return [];
    seen.add(n);
    const out: DocumentSymbol[] = [];
    if (n.type === 'object') {
      for (const p of n.properties) {
        if (--budget.left < 0) break;
        const end = Math.max(p.end, p.keyEnd);
        out.push({
          // An editor refuses a symbol without a name: an empty (or YAML null) key is shown as "".
          name: p.key === '' ? '""' : p.key,
          detail: detail(p.value),
          kind: kindOf(p.value),
          range: lines.range(p.start, end),
          selectionRange: lines.range(p.keyStart, p.keyEnd),
          children: children(p.value),
        });
      }
    } else if (n.type === 'array') {
      n.items.forEach((item, i) => {
        if (--budget.left < 0) return;
        out.push({
          name: `[${i}]`,
          detail: detail(item),
          kind: kindOf(item),
          range: lines.range(item.start, item.end),
          selectionRange: lines.range(item.start, item.end),
          children: children(item),
        });
      });
    }
    seen.delete(n);
    return out;
  };
  return children(node);
}

export function symbols(file: AnalyzedFile): DocumentSymbol[] {
  const lines = file.parsed.lines;
  const budget = { left: MAX_SYMBOLS };
  const children = (n: Node | undefined) => memberSymbols(lines, n, budget);
  const docs = file.parsed.documents;
  if (docs.length <= 1) return children(docs[0]?.root);
  const kinds = new Map(file.results().map(r => [r.index, r.kind]));
  return docs.map(d => ({
    name: `Document ${d.index + 1}`,
    detail: kinds.get(d.index),
    kind: 'document' as const,
    range: rangeOf(lines, d.start, d.end),
    selectionRange: rangeOf(lines, d.start, d.start),
    children: children(d.root),
  }));
}

function rangeOf(lines: LineIndex, s: number, e: number) {
  return lines.range(s, e);
}
