/**
 * Authorization inputs as Cedar takes them: the `AttributeValue` union (context values, entity attributes, tags) and
 * `EntitiesDefinition` / `ContextDefinition` (`entityList` / `contextMap`, or Cedar's own JSON in `cedarJson`).
 * Problems come back as ValidationException fieldList entries with member paths.
 */
import { checkInput, ENTITY_IDENTIFIER, type Spec } from './avp-input';
import type { CedarEntity, EntityUid } from './cedar';
import { readJson } from './json';
import type { FieldProblem } from './validation';

/** Extension-typed members: Cedar's extension function, and the model's constraints on the text. */
const EXTENSIONS: Readonly<Record<string, { fn: string; spec: Spec }>> = {
  ipaddr: { fn: 'ip', spec: { t: 'string', min: 1, max: 44, pattern: /^[0-9a-fA-F.:/]*$/ } },
  decimal: { fn: 'decimal', spec: { t: 'string', min: 3, max: 23, pattern: /^-?\d{1,15}\.\d{1,4}$/ } },
  datetime: {
    fn: 'datetime',
    spec: { t: 'string', min: 10, max: 28, pattern: /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{4}))?$/ },
  },
  duration: {
    fn: 'duration',
    spec: { t: 'string', min: 2, max: 100, pattern: /^-?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/ },
  },
};

const MEMBERS = ['boolean', 'entityIdentifier', 'long', 'string', 'set', 'record', ...Object.keys(EXTENSIONS)];

/** Record keys that Cedar's JSON format reads as escapes rather than as attributes. */
const CEDAR_ESCAPES = new Set(['__entity', '__extn', '__expr']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sets an own property, even `__proto__`: keys come from the request and must never reach a prototype. */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One `AttributeValue` (or `CedarTagValue`) as a Cedar JSON value; problems are added to `out`. */
export function attributeValue(v: unknown, path: string, out: FieldProblem[]): unknown {
  const fail = (message: string) => void out.push({ path, message: `Value at '${path}' ${message}` });
  if (!isObject(v)) return fail('must be an AttributeValue structure');
  // awsJson1_0: a `__type` member inside a union is ignored by the receiver.
  const set = Object.keys(v).filter(k => k !== '__type');
  if (set.length !== 1 || !MEMBERS.includes(set[0])) {
    return fail(`must set exactly one of ${MEMBERS.join(', ')}; it sets ${set.length === 0 ? 'none' : set.join(', ')}`);
  }
  const kind = set[0];
  const value = v[kind];
  const at = `${path}.${kind}`;
  const before = out.length;
  switch (kind) {
    case 'boolean':
      if (typeof value !== 'boolean') return fail('.boolean must be a boolean');
      return value;
    case 'string':
      if (typeof value !== 'string') return fail('.string must be a string');
      return value;
    case 'long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        return fail('.long must be an integer the emulator can hold exactly (at most 2^53 - 1 in magnitude)');
      return value;
    case 'entityIdentifier':
      out.push(...checkInput(ENTITY_IDENTIFIER, value, at));
      if (out.length > before) return undefined;
      return { __entity: uidOf(value as { entityType: string; entityId: string }) };
    case 'set':
      if (!Array.isArray(value)) return fail('.set must be a list');
      return value.map((item, i) => attributeValue(item, `${at}[${i}]`, out));
    case 'record':
      return recordOf(value, at, out);
    default: {
      const ext = EXTENSIONS[kind];
      out.push(...checkInput(ext.spec, value, at));
      if (out.length > before) return undefined;
      return { __extn: { fn: ext.fn, arg: value } };
    }
  }
}

/** A map of `AttributeValue`s (a record, attributes, a context map, tags) as a Cedar record. */
function recordOf(value: unknown, path: string, out: FieldProblem[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  if (!isObject(value)) {
    out.push({ path, message: `Value at '${path}' must be a map` });
    return record;
  }
  for (const [k, item] of Object.entries(value)) {
    if (CEDAR_ESCAPES.has(k)) {
      out.push({ path: `${path}.${k}`, message: `The key '${k}' is reserved by Cedar's JSON format.` });
      continue;
    }
    setOwn(record, k, attributeValue(item, `${path}.${k}`, out));
  }
  return record;
}

const uidOf = (e: { entityType: string; entityId: string }): EntityUid => ({ type: e.entityType, id: e.entityId });

/** Cedar's JSON text of a `cedarJson` member: an object (context) or a list (entities). */
function cedarJsonOf(text: string, path: string, want: 'object' | 'list', out: FieldProblem[]): unknown {
  const read = readJson(text);
  const ok = read.ok && (want === 'list' ? Array.isArray(read.value) : isObject(read.value));
  if (ok) return read.value;
  const what = want === 'list' ? 'a JSON list of entities' : 'a JSON object';
  out.push({
    path,
    message: read.ok ? `The value must be ${what} in Cedar's JSON format.` : `The value is ${read.message}.`,
  });
  return undefined;
}

/** `ContextDefinition` (already checked to set at most one member) as a Cedar context record. */
export function contextOf(
  def: { contextMap?: unknown; cedarJson?: string } | undefined,
  out: FieldProblem[],
): Record<string, unknown> {
  if (def?.cedarJson !== undefined) {
    return (cedarJsonOf(def.cedarJson, 'context.cedarJson', 'object', out) as Record<string, unknown>) ?? {};
  }
  if (def?.contextMap !== undefined) return recordOf(def.contextMap, 'context.contextMap', out);
  return {};
}

/** A Cedar JSON entity's type and ID, whichever way its `uid` is written (`{type,id}` or `{__entity:{type,id}}`). */
export function entityUid(entity: unknown): EntityUid | undefined {
  const uid = isObject(entity) ? entity.uid : undefined;
  const inner = isObject(uid) && isObject(uid.__entity) ? uid.__entity : uid;
  return isObject(inner) && typeof inner.type === 'string' && typeof inner.id === 'string'
    ? { type: inner.type, id: inner.id }
    : undefined;
}

/**
 * `EntitiesDefinition` (already checked to set at most one member) as Cedar JSON entities. When an entity appears
 * more than once, the last one counts, as documented.
 */
export function entitiesOf(
  def: { entityList?: unknown; cedarJson?: string } | undefined,
  out: FieldProblem[],
): CedarEntity[] {
  let entities: CedarEntity[] = [];
  if (def?.cedarJson !== undefined) {
    entities = (cedarJsonOf(def.cedarJson, 'entities.cedarJson', 'list', out) as CedarEntity[] | undefined) ?? [];
  } else if (def?.entityList !== undefined) {
    if (!Array.isArray(def.entityList)) {
      out.push({ path: 'entities.entityList', message: "Value at 'entities.entityList' must be a list" });
      return [];
    }
    entities = def.entityList.map((item, i) => entityItem(item, `entities.entityList[${i}]`, out));
  }
  const last = new Map<string, CedarEntity>();
  entities.forEach((e, i) => {
    const uid = entityUid(e);
    last.set(uid ? JSON.stringify([uid.type, uid.id]) : `#${i}`, e);
  });
  return [...last.values()];
}

/** One `EntityItem`: identifier, attributes, parents, tags. */
function entityItem(item: unknown, path: string, out: FieldProblem[]): CedarEntity {
  const spec: Spec = {
    t: 'struct',
    members: {
      identifier: ENTITY_IDENTIFIER,
      attributes: { t: 'any' },
      parents: { t: 'list', item: ENTITY_IDENTIFIER },
      tags: { t: 'any' },
    },
    required: ['identifier'],
  };
  const before = out.length;
  out.push(...checkInput(spec, item, path));
  if (out.length > before) return { uid: { type: '', id: '' }, attrs: {}, parents: [] };
  const e = item as {
    identifier: { entityType: string; entityId: string };
    attributes?: unknown;
    parents?: { entityType: string; entityId: string }[];
    tags?: unknown;
  };
  return {
    uid: uidOf(e.identifier),
    attrs: e.attributes === undefined ? {} : recordOf(e.attributes, `${path}.attributes`, out),
    parents: (e.parents ?? []).map(uidOf),
    ...(e.tags !== undefined ? { tags: recordOf(e.tags, `${path}.tags`, out) } : {}),
  };
}

/** The documented limit: an entity has at most this many transitive parents in one authorization request. */
export const MAX_TRANSITIVE_PARENTS = 99;

/**
 * The first entity with more than 99 transitive parents among `entities`, if any. Iterative and stopped at the
 * limit, so a long chain costs little here and never reaches Cedar (whose closure is quadratic and recursive).
 */
export function tooManyParents(entities: CedarEntity[]): EntityUid | undefined {
  const key = (u: EntityUid) => JSON.stringify([u.type, u.id]);
  const parents = new Map<string, EntityUid[]>();
  for (const e of entities) {
    const uid = entityUid(e);
    if (uid && Array.isArray(e.parents)) parents.set(key(uid), e.parents);
  }
  for (const e of entities) {
    const uid = entityUid(e);
    if (!uid) continue;
    const seen = new Set<string>();
    const stack = [...(parents.get(key(uid)) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as EntityUid;
      const k = key(entityUid({ uid: next }) ?? next);
      if (seen.has(k)) continue;
      seen.add(k);
      if (seen.size > MAX_TRANSITIVE_PARENTS) return uid;
      stack.push(...(parents.get(k) ?? []));
    }
  }
  return undefined;
}
