/**
 * `Fn::If` in a resource's properties: each combination of branches is a variant of the properties, and the checks
 * run on every variant (a literal branch is checked against the property's shape; the service rules see each
 * combination, so two union members set in opposite branches are not "both set"). `Fn::If` of the same condition take
 * the same branch. `Ref: AWS::NoValue`, in a branch or on its own, removes the property or list item. Up to three
 * conditions give every combination (at most eight); with more, two variants: all first branches, all second
 * branches (each literal branch is still checked once).
 */
import type { Node, PropertyNode } from '../parse/ast';
import { ifBranches, intrinsicOf, isNoValue } from './intrinsics';

const ALL_COMBINATIONS_UP_TO = 3;
/** Found `Fn::If` beyond this many are resolved to their first branch (a hostile template stays cheap). */
const MAX_IFS = 64;

export interface Variants {
  /** The `Fn::If` nodes at value positions, in text order. */
  ifs: Node[];
  /** Whether anything needs resolving (an `Fn::If` or an `AWS::NoValue`). */
  resolve: boolean;
  /** Per variant, the branch (0 or 1) each `Fn::If` takes. */
  choices: number[][];
}

/** The `Fn::If` at value positions of a tree (also inside branches; never inside other functions' arguments). */
export function variantsOf(root: Node | undefined): Variants {
  const ifs: Node[] = [];
  let noValue = false;
  const seen = new Set<Node>();
  const walk = (n: Node | undefined): void => {
    if (!n || seen.has(n) || seen.size > 50_000) return;
    seen.add(n);
    if (isNoValue(n)) {
      noValue = true;
      return;
    }
    const branches = ifBranches(n);
    if (branches) {
      if (ifs.length < MAX_IFS) ifs.push(n);
      for (const b of branches.branches) walk(b);
      return;
    }
    if (intrinsicOf(n)) return;
    if (n.type === 'object') for (const p of n.properties) walk(p.value);
    else if (n.type === 'array') for (const i of n.items) walk(i);
  };
  walk(root);
  // `Fn::If` of the same condition take the same branch: the combinations are those of the conditions.
  const conditionOf = ifs.map((n, i) => {
    const c = ifBranches(n)?.condition;
    return c?.type === 'string' ? `c:${c.value as string}` : `i:${i}`;
  });
  const conditions = [...new Set(conditionOf)];
  const slot = conditionOf.map(c => conditions.indexOf(c));
  const count = conditions.length;
  const combos =
    count === 0
      ? [[]]
      : count <= ALL_COMBINATIONS_UP_TO
        ? Array.from({ length: 1 << count }, (_, v) => conditions.map((_c, i) => (v >> i) & 1))
        : [conditions.map(() => 0), conditions.map(() => 1)];
  const choices = combos.map(combo => slot.map(i => combo[i]));
  return { ifs, resolve: count > 0 || noValue, choices };
}

/**
 * One variant of a tree: each `Fn::If` replaced by its chosen branch, each `AWS::NoValue` removed. Undefined when the
 * root itself is removed. Nodes are shared with the original where nothing below them changes.
 */
export function resolveVariant(root: Node, variants: Variants, choice: number[]): Node | undefined {
  if (!variants.resolve) return root;
  const index = new Map(variants.ifs.map((n, i) => [n, i]));
  const resolve = (n: Node | undefined, depth: number): Node | undefined => {
    if (!n || depth > 256) return n;
    if (isNoValue(n)) return undefined;
    const branches = ifBranches(n);
    if (branches) return resolve(branches.branches[choice[index.get(n) ?? 0] ?? 0], depth + 1);
    if (intrinsicOf(n)) return n;
    if (n.type === 'object') {
      let changed = false;
      const properties: PropertyNode[] = [];
      for (const p of n.properties) {
        const value = resolve(p.value, depth + 1);
        if (value !== p.value) changed = true;
        if (value === undefined && p.value !== undefined) continue;
        properties.push(value === p.value ? p : { ...p, value });
      }
      return changed ? { ...n, properties } : n;
    }
    if (n.type === 'array') {
      let changed = false;
      const items: Node[] = [];
      for (const item of n.items) {
        const value = resolve(item, depth + 1);
        if (value !== item) changed = true;
        if (value !== undefined) items.push(value);
      }
      return changed ? { ...n, items } : n;
    }
    return n;
  };
  return resolve(root, 0);
}
