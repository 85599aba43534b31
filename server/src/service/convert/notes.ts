/** The sentences the conversions tell the user: names and counts only, never values from the source. */
import { shorten } from '../parse/issues';

const SHOWN = 6;

/** `a, b and c`; long lists end with `and N more`; every name shortened (keys can be as long as a file). */
export function nameList(names: readonly string[]): string {
  const shown = names.slice(0, SHOWN).map(n => shorten(n, 120));
  if (names.length > SHOWN) return `${shown.join(', ')} and ${names.length - SHOWN} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
