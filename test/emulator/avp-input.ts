/**
 * Input checks for the Verified Permissions operations the language service does not model (policy stores, schema,
 * get/list/delete of identity sources), as the service's ValidationException fieldList entries.
 */
import type { FieldProblem } from './validation';

export type Spec =
  | { t: 'string'; min?: number; max?: number; pattern?: RegExp; enum?: readonly string[] }
  | { t: 'integer'; min?: number; max?: number }
  | { t: 'boolean' }
  | { t: 'struct'; members: Record<string, Spec>; required?: readonly string[]; union?: boolean }
  | { t: 'list'; item: Spec; min?: number; max?: number }
  | { t: 'map'; key: Spec; value: Spec; max?: number }
  /** Checked elsewhere (recursive unions such as AttributeValue). */
  | { t: 'any' };

type StructSpec = Extract<Spec, { t: 'struct' }>;

export const POLICY_STORE_ID: Spec = { t: 'string', min: 1, max: 200, pattern: /^[a-zA-Z0-9-/_]*$/ };
export const IDENTITY_SOURCE_ID: Spec = { t: 'string', min: 1, max: 200, pattern: /^[a-zA-Z0-9-]*$/ };
export const NEXT_TOKEN: Spec = { t: 'string', min: 1, max: 8000, pattern: /^[A-Za-z0-9-_=+/.]*$/ };
/** Documented: default 10, at most 50 (the model only says at least 1). */
export const MAX_RESULTS: Spec = { t: 'integer', min: 1, max: 50 };
export const POLICY_ID: Spec = { t: 'string', min: 1, max: 200, pattern: /^[a-zA-Z0-9-/_]*$/ };
export const ACTION_IDENTIFIER: Spec = {
  t: 'struct',
  members: {
    actionType: { t: 'string', min: 1, max: 200, pattern: /^(.*Action|.+::Action.*)$/ },
    actionId: { t: 'string', min: 1, max: 512 },
  },
  required: ['actionType', 'actionId'],
};
export const ENTITY_IDENTIFIER: Spec = {
  t: 'struct',
  members: { entityType: { t: 'string', min: 1, max: 200 }, entityId: { t: 'string', min: 1, max: 612 } },
  required: ['entityType', 'entityId'],
};
export const CLIENT_TOKEN: Spec = { t: 'string', min: 1, max: 64, pattern: /^[a-zA-Z0-9-]*$/ };

export const struct = (members: Record<string, Spec>, required: readonly string[] = [], union = false): StructSpec => ({
  t: 'struct',
  members,
  required,
  union,
});

/** Problems of a request (or of a part at `path`) against a spec; member paths as the language service writes them. */
export function checkInput(spec: Spec, input: unknown, path = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  check(spec, input, path, out);
  return out;
}

const at = (path: string) => `Value at '${path || 'input'}' failed to satisfy constraint: `;

function check(spec: Spec, value: unknown, path: string, out: FieldProblem[]): void {
  const fail = (rule: string) => out.push({ path, message: at(path) + rule });
  switch (spec.t) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string') return void fail('Member must be a string');
      if (spec.min !== undefined && value.length < spec.min)
        fail(`Member must have length greater than or equal to ${spec.min}`);
      if (spec.max !== undefined && value.length > spec.max)
        fail(`Member must have length less than or equal to ${spec.max}`);
      if (spec.pattern && !spec.pattern.test(value))
        fail(`Member must satisfy regular expression pattern: ${spec.pattern.source.slice(1, -1)}`);
      if (spec.enum && !spec.enum.includes(value))
        fail(`Member must satisfy enum value set: [${spec.enum.join(', ')}]`);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return void fail('Member must be an integer');
      if (spec.min !== undefined && value < spec.min)
        fail(`Member must have value greater than or equal to ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) fail(`Member must have value less than or equal to ${spec.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('Member must be a boolean');
      return;
    case 'list':
      if (!Array.isArray(value)) return void fail('Member must be a list');
      if (spec.min !== undefined && value.length < spec.min)
        fail(`Member must have length greater than or equal to ${spec.min}`);
      if (spec.max !== undefined && value.length > spec.max)
        fail(`Member must have length less than or equal to ${spec.max}`);
      value.forEach((v, i) => check(spec.item, v, `${path}[${i}]`, out));
      return;
    case 'map': {
      if (!isObject(value)) return void fail('Member must be a map');
      const entries = Object.entries(value);
      if (spec.max !== undefined && entries.length > spec.max)
        fail(`Member must have length less than or equal to ${spec.max}`);
      for (const [k, v] of entries) {
        check(spec.key, k, `${path}.${k}`, out);
        check(spec.value, v, `${path}.${k}`, out);
      }
      return;
    }
    case 'struct': {
      if (!isObject(value)) return void fail('Member must be a structure');
      const join = (m: string) => (path ? `${path}.${m}` : m);
      for (const m of spec.required ?? []) {
        if (value[m] === undefined || value[m] === null)
          out.push({ path: join(m), message: at(join(m)) + 'Member must not be null' });
      }
      const set = Object.keys(value).filter(k => value[k] !== undefined && value[k] !== null);
      for (const k of set) {
        const member = spec.members[k];
        if (member) check(member, value[k], join(k), out);
        else out.push({ path: join(k), message: `'${join(k)}' is not a member of the request` });
      }
      if (spec.union && set.length !== 1) {
        fail(
          `Member must set exactly one of ${Object.keys(spec.members).join(', ')}; it sets ${set.length === 0 ? 'none' : set.join(', ')}`,
        );
      }
      return;
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
