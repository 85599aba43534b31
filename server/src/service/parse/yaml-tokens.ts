/**
 * The YAML library's CST tokens of a stream, bounded in depth before anything builds a tree from them (the builders
 * recurse), so that how deep a tree can be never depends on the stack of the thread that parses.
 */
import { Parser, type CST } from 'yaml';
import { LIMITS, NestedTooDeep } from './limits';

/**
 * The CST tokens of a stream, each checked before it goes on: a document whose collections nest deeper than
 * `LIMITS.maxSyntaxDepth` throws `NestedTooDeep` (a refusal of the file). Indentation and brackets are bounded before
 * parsing (`limits.ts`), but the parser's recovery from errors can nest every line of flat text inside the one
 * before, and the builders of trees follow that nesting by recursion.
 */
export function* yamlTokens(text: string): Generator<CST.Token> {
  for (const token of new Parser().parse(text)) {
    const at = nestedPast(token, LIMITS.maxSyntaxDepth);
    if (at !== undefined) {
      throw new NestedTooDeep(
        at,
        `File not checked: as the YAML parser reads it, the text nests deeper than ${LIMITS.maxSyntaxDepth} levels from here`,
      );
    }
    yield token;
  }
}

/** The offset of the first collection deeper than `limit` in a CST token, without recursion. */
function nestedPast(token: CST.Token, limit: number): number | undefined {
  const root = token.type === 'document' ? token.value : token;
  if (!isCollection(root)) return undefined;
  const tokens = [root];
  const depths = [1];
  for (let t = tokens.pop(); t; t = tokens.pop()) {
    const depth = depths.pop()!;
    if (depth > limit) return t.offset;
    for (const item of t.items) {
      if (isCollection(item.key)) {
        tokens.push(item.key);
        depths.push(depth + 1);
      }
      if (isCollection(item.value)) {
        tokens.push(item.value);
        depths.push(depth + 1);
      }
    }
  }
  return undefined;
}

function isCollection(t: CST.Token | null | undefined): t is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return !!t && (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection');
}
