/** Short descriptions of values and members for messages. */
import type { Node } from '../parse/ast';
import { shorten } from '../parse/issues';

export { keyLabel, shorten } from '../parse/issues';

export function describeValue(n: Node | undefined): string {
  if (!n) return 'nothing';
  switch (n.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'null':
      return 'an empty value (null)';
    case 'string':
      return `the string ${quote(n.value as string)}`;
    case 'number':
      return `the number ${String(n.value)}`;
    case 'boolean':
      return `the boolean ${String(n.value)}`;
    case 'date':
      return `the ${n.cli === 'datetime' ? 'date and time' : 'date'} ${String(n.value)}`;
    case 'bytes':
      return 'binary data (!!binary)';
  }
}

export function quote(s: string, max = 60): string {
  return JSON.stringify(shorten(s, max));
}

/** Number of Unicode code points (the models count characters, not UTF-16 units). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
