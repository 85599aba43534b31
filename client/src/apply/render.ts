/**
 * A request as file text, in the style of the templates (server/src/service/features/templates.ts): 2-space JSON, or
 * YAML without line folding. Strings that the AWS CLI's YAML loader would read as something else when plain
 * (`2024-06-01` a date, `20240601_01` an integer, `=`) are double-quoted, so the file works with `--cli-input-yaml`.
 * Secret values are never rendered: a `ClientSecret` that is not a `${secret:NAME}` reference shows as `********` in
 * previews.
 */
import { renderRequestText } from '../../../server/src/service/convert/render';
import { SECRET_REFERENCE } from '../../../server/src/service/secrets';

export type Format = 'json' | 'yaml';

/** The service's rendering of request files (`service/convert/render.ts`), shared with the conversions. */
export function renderRequest(body: Record<string, unknown>, format: Format): string {
  return renderRequestText(body, format);
}

const SECRET_KEY = /secret|password|token$/i;

/** A copy with literal secret values masked (references kept: they name a secret, they are not one). */
export function maskSecrets<T>(v: T): T {
  const walk = (x: unknown, key: string): unknown => {
    if (typeof x === 'string') {
      return SECRET_KEY.test(key) && key !== 'clientToken' && key !== 'ClientToken' && !SECRET_REFERENCE.test(x)
        ? '********'
        : x;
    }
    if (Array.isArray(x)) return x.map(i => walk(i, key));
    if (x && typeof x === 'object')
      return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, y]) => [k, walk(y, k)]));
    return x;
  };
  return walk(v, '') as T;
}

/** The literal secret values of a request (to register with the log's redactor before anything is logged). */
export function literalSecrets(v: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown, key: string): void => {
    if (typeof x === 'string') {
      if (SECRET_KEY.test(key) && key !== 'clientToken' && key !== 'ClientToken' && !SECRET_REFERENCE.test(x))
        out.push(x);
    } else if (Array.isArray(x)) x.forEach(i => walk(i, key));
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x as Record<string, unknown>)) walk(y, k);
  };
  walk(v, '');
  return out;
}

/**
 * A copy of `v` whose object keys follow the order of `like` where both have them (the rest after, in their own
 * order): a deployed resource rendered beside a file then differs only where the values do.
 */
export function alignKeys<T>(v: T, like: unknown): T {
  if (Array.isArray(v))
    return (v as unknown[]).map((x, i) => alignKeys(x, Array.isArray(like) ? (like as unknown[])[i] : undefined)) as T;
  if (!v || typeof v !== 'object') return v;
  const src = v as Record<string, unknown>;
  const ref = like && typeof like === 'object' && !Array.isArray(like) ? (like as Record<string, unknown>) : {};
  const keys = [...Object.keys(ref).filter(k => k in src), ...Object.keys(src).filter(k => !(k in ref))];
  return Object.fromEntries(keys.map(k => [k, alignKeys(src[k], ref[k])])) as T;
}
