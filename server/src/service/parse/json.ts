/**
 * Strict JSON, as the AWS CLI reads `--cli-input-json` (Python's `json.loads`): jsonc-parser with comments and
 * trailing commas reported as errors, a leading byte-order mark reported as the CLI's refusal (the rest is still
 * checked), and `NaN`, `Infinity` and `-Infinity` read as the numbers Python makes of them (so the member they are
 * given to reports the type error botocore would). Builds the shared syntax tree with exact offsets and keeps going
 * after errors so later checks still run.
 */
import { visit, printParseErrorCode, type ParseErrorCode } from 'jsonc-parser';
import type { ArrayNode, Node, ObjectNode, PropertyNode } from './ast';
import type { ParseIssue } from './issues';

interface Frame {
  node: ObjectNode | ArrayNode;
  pending?: PropertyNode;
}

const MESSAGES: Partial<Record<string, string>> = {
  InvalidCommentToken: 'Comments are not allowed in JSON (the AWS CLI rejects them)',
  InvalidSymbol: 'Invalid symbol: expected a JSON value',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: "Expected ':'",
  CommaExpected: "Expected ','",
  CloseBraceExpected: "Expected '}'",
  CloseBracketExpected: "Expected ']'",
  EndOfFileExpected: 'Expected end of file: a request file holds exactly one JSON object',
  UnexpectedEndOfComment: 'Unterminated comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unterminated number',
  InvalidUnicode: 'Invalid Unicode escape sequence',
  InvalidEscapeCharacter: 'Invalid escape character in string',
  InvalidCharacter: 'Invalid character in string (control characters must be escaped)',
};

export interface JsonParseResult {
  root: Node | undefined;
  issues: ParseIssue[];
}

export function parseJson(original: string): JsonParseResult {
  const issues: ParseIssue[] = [];
  const stack: Frame[] = [];
  let root: Node | undefined;
  let text = original;
  if (text.charCodeAt(0) === 0xfeff) {
    issues.push({
      code: 'cli-json-bom',
      severity: 'error',
      message:
        'The file starts with a byte-order mark (BOM): the AWS CLI rejects it ("Invalid JSON received"). Save the file as UTF-8 without a BOM.',
      start: 0,
      end: 1,
    });
    text = ` ${text.slice(1)}`; // same offsets, and the rest is checked
  }
  const specials = pythonNumbers(text);
  if (specials) text = specials.text;

  const attach = (value: Node): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= value;
      return;
    }
    if (top.node.type === 'array') {
      top.node.items.push(value);
      return;
    }
    const prop = top.pending;
    if (prop && prop.value === undefined) {
      prop.value = value;
      prop.end = value.end;
      top.pending = undefined;
    }
  };

  visit(
    text,
    {
      onObjectBegin(offset) {
        const node: ObjectNode = { type: 'object', start: offset, end: offset + 1, properties: [], flow: true };
        stack.push({ node });
      },
      onObjectProperty(key, offset, length) {
        const top = stack[stack.length - 1];
        if (!top || top.node.type !== 'object') return;
        const prop: PropertyNode = {
          key,
          keyStart: offset,
          keyEnd: offset + length,
          value: undefined,
          start: offset,
          end: offset + length,
        };
        top.node.properties.push(prop);
        top.pending = prop;
      },
      onObjectEnd(offset, length) {
        const frame = stack.pop();
        if (!frame) return;
        frame.node.end = offset + length;
        attach(frame.node);
      },
      onArrayBegin(offset) {
        stack.push({ node: { type: 'array', start: offset, end: offset + 1, items: [], flow: true } });
      },
      onArrayEnd(offset, length) {
        const frame = stack.pop();
        if (!frame) return;
        frame.node.end = offset + length;
        attach(frame.node);
      },
      onLiteralValue(literal: unknown, offset, length) {
        const value = specials?.values.get(offset) ?? literal;
        const type =
          value === null
            ? 'null'
            : typeof value === 'string'
              ? 'string'
              : typeof value === 'number'
                ? 'number'
                : 'boolean';
        attach({
          type,
          value: value as string | number | boolean | null,
          start: offset,
          end: offset + length,
          quoted: type === 'string',
        });
      },
      onError(error: ParseErrorCode, offset, length) {
        const name = printParseErrorCode(error);
        const comma = trailingCommaBefore(text, offset);
        if (comma !== undefined && (name === 'PropertyNameExpected' || name === 'ValueExpected')) {
          if (issues.some(i => i.start === comma)) return;
          issues.push({
            code: 'syntax',
            severity: 'error',
            message: 'Trailing commas are not allowed in JSON (the AWS CLI rejects them)',
            start: comma,
            end: comma + 1,
          });
          return;
        }
        issues.push({
          code: 'syntax',
          severity: 'error',
          message: MESSAGES[name] ?? name,
          start: offset,
          // At the end of the text (an unclosed object, say) the problem has no character to cover.
          end: Math.min(text.length, offset + Math.max(length, 1)),
        });
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true },
  );

  // Unclosed containers at end of input: close them at the end of the text so the partial tree is still usable.
  while (stack.length > 0) {
    const frame = stack.pop()!;
    frame.node.end = text.length;
    attach(frame.node);
  }
  return { root, issues };
}

/**
 * `NaN`, `Infinity` and `-Infinity` outside strings, which Python's `json` module reads as numbers: the text with each
 * replaced by a JSON number of the same length, and their values by offset. Undefined when there are none.
 */
function pythonNumbers(text: string): { text: string; values: Map<number, number> } | undefined {
  if (!text.includes('NaN') && !text.includes('Infinity')) return undefined;
  const values = new Map<number, number>();
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      continue;
    }
    const word = text.startsWith('NaN', i)
      ? 'NaN'
      : text.startsWith('Infinity', i)
        ? 'Infinity'
        : text.startsWith('-Infinity', i)
          ? '-Infinity'
          : undefined;
    if (!word || /[\w$.+-]/.test(text[i - 1] ?? '') || /[\w$]/.test(text[i + word.length] ?? '')) continue;
    values.set(i, word === 'NaN' ? NaN : word === 'Infinity' ? Infinity : -Infinity);
    out +=
      text.slice(from, i) + (word[0] === '-' ? '-' : '') + '0e'.padEnd(word.length - (word[0] === '-' ? 1 : 0), '0');
    from = i + word.length;
    i = from - 1;
  }
  return values.size ? { text: out + text.slice(from), values } : undefined;
}

/** Offset of a `,` directly before a closing bracket at `offset` (whitespace between allowed). */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  const c = text[offset];
  if (c !== '}' && c !== ']') return undefined;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : undefined;
}
