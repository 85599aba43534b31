/**
 * Plain values held against a shape of the model, for the conversions: members the shape does not know are taken
 * out (and listed), secrets are found (for the notes about secrets), and a value is trimmed to the
 * members another shape has (an update request from a create-shaped one).
 */
import { joinPath } from '../parse/ast';
import type { Shape } from '../model/shapes';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * A copy of `value` with only the members `shape` has, all the way down; the paths of those left out go to `out`.
 * Values of another type than the shape's are kept as they are (the checks of the result report them).
 */
export function keepKnown(shape: Shape, value: unknown, out: string[], path = ''): unknown {
  if (shape.type === 'list')
    return Array.isArray(value) ? value.map((v, i) => keepKnown(shape.member, v, out, joinPath(path, i))) : value;
  if (shape.type !== 'structure' || !isObj(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = joinPath(path, k);
    if (!has(shape.members, k)) {
      out.push(p);
      continue;
    }
    Object.defineProperty(copy, k, {
      value: keepKnown(shape.members[k].shape, v, out, p),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** Paths of the `ClientSecret` members that hold a string in `value` (the secrets of the model). */
export function secretPaths(shape: Shape, value: unknown, path = ''): { path: string; value: string }[] {
  if (shape.type === 'list')
    return Array.isArray(value) ? value.flatMap((v, i) => secretPaths(shape.member, v, joinPath(path, i))) : [];
  if (shape.type !== 'structure' || !isObj(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    if (!has(shape.members, k)) return [];
    const p = joinPath(path, k);
    if (k === 'ClientSecret') return typeof v === 'string' ? [{ path: p, value: v }] : [];
    return secretPaths(shape.members[k].shape, v, p);
  });
}

/** The required members of a structure shape that `value` does not have. */
export function missingRequired(shape: Shape, value: Record<string, unknown>): string[] {
  if (shape.type !== 'structure') return [];
  return Object.entries(shape.members)
    .filter(([k, m]) => m.required === true && !has(value, k))
    .map(([k]) => k);
}
