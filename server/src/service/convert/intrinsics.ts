/**
 * Intrinsic functions in a template's syntax tree, for the conversions: which values are not literals, and what to
 * write in their place. The long form (`{ "Ref": … }`, `{ "Fn::GetAtt": … }`: an object with one key `Ref`,
 * `Condition` or `Fn::…`) is what every parse of a template yields for JSON and YAML long form. YAML short forms
 * (`!Ref Store`) are recognized as well while the parse keeps them as tagged nodes: a scalar's `tag`, and for
 * sequences and mappings (whose tag the tree does not keep) the `!Tag` written just before the node.
 */
import type { Node } from '../parse/ast';

export interface Intrinsic {
  /** `Ref`, `Condition` or `Fn::…`. */
  fn: string;
  /** The function's argument node. */
  arg: Node | undefined;
}

const LONG_FORM = /^(?:Ref|Condition|Fn::[A-Za-z0-9]+)$/;
/** A local YAML tag (`!Ref`, `!GetAtt`), not a standard one (`!!str`, resolved to `tag:yaml.org,2002:…`). */
const LOCAL_TAG = /^!([A-Za-z0-9]+)$/;

function fnOfTag(tag: string): string | undefined {
  const m = LOCAL_TAG.exec(tag);
  if (!m) return undefined;
  return m[1] === 'Ref' || m[1] === 'Condition' ? m[1] : `Fn::${m[1]}`;
}

/** The `!Tag` right before `start` (only white space between), for collections whose tag the tree does not keep. */
function tagBefore(text: string, start: number): string | undefined {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i--;
  const end = i + 1;
  while (i >= 0 && /[A-Za-z0-9]/.test(text[i])) i--;
  if (i < 0 || text[i] !== '!' || i + 1 === end) return undefined;
  const before = i > 0 ? text[i - 1] : ' ';
  return /[\s:,[{-]/.test(before) ? text.slice(i, end) : undefined;
}

/** The intrinsic function a node is, if any. `text` is the file's text (short forms on sequences and mappings). */
export function intrinsicOf(node: Node | undefined, text?: string): Intrinsic | undefined {
  if (!node) return undefined;
  if (node.type === 'object') {
    const live = node.properties.filter(p => p.superseded !== true);
    if (live.length === 1 && LONG_FORM.test(live[0].key)) return { fn: live[0].key, arg: live[0].value };
  } else if (node.type !== 'array' && node.tag !== undefined) {
    const fn = fnOfTag(node.tag);
    if (fn) return { fn, arg: { ...node, tag: undefined } };
  }
  if ((node.type === 'object' || node.type === 'array') && text !== undefined) {
    const tag = tagBefore(text, node.start);
    const fn = tag && fnOfTag(tag);
    if (fn) return { fn, arg: node };
  }
  return undefined;
}

/** A name from the template (logical ID, parameter, attribute) safe to show in a placeholder, else undefined. */
function name(n: Node | undefined): string | undefined {
  return n && n.type === 'string' && typeof n.value === 'string' && /^[A-Za-z0-9:._-]{1,128}$/.test(n.value)
    ? n.value
    : undefined;
}

/** The text written in place of an intrinsic's value: `<Ref Store>`, `<Fn::GetAtt Store.Arn>`, `<Fn::Sub>`. */
export function placeholderText(i: Intrinsic): string {
  let target: string | undefined;
  if (i.fn === 'Ref') target = name(i.arg);
  else if (i.fn === 'Fn::GetAtt') {
    if (i.arg?.type === 'array' && i.arg.items.length === 2) {
      const [a, b] = i.arg.items.map(name);
      target = a && b ? `${a}.${b}` : undefined;
    } else target = name(i.arg);
  } else if (i.fn === 'Fn::ImportValue') target = name(i.arg);
  return target ? `<${i.fn} ${target}>` : `<${i.fn}>`;
}

/** `Ref: AWS::NoValue`: the property is not there at all. */
export function isNoValue(i: Intrinsic): boolean {
  return i.fn === 'Ref' && i.arg?.type === 'string' && i.arg.value === 'AWS::NoValue';
}

/**
 * The literal an intrinsic stands for when it has one: `Fn::Sub` of a string without variables (`${!x}` is the
 * literal `${x}`).
 */
export function literalOf(i: Intrinsic): { value: unknown } | undefined {
  if (i.fn !== 'Fn::Sub' || i.arg?.type !== 'string' || typeof i.arg.value !== 'string') return undefined;
  const s = i.arg.value;
  if (/\$\{(?!!)/.test(s)) return undefined;
  return { value: s.replace(/\$\{!/g, '${') };
}
