/** The Verified Permissions (awsJson1_0) operation table: `X-Amz-Target` operation name → handler. */
import { avpError } from './avp-errors';
import {
  deleteIdentitySource,
  createIdentitySource,
  getIdentitySource,
  listIdentitySources,
  updateIdentitySource,
} from './avp-sources';
import {
  createPolicyStore,
  deletePolicyStore,
  getPolicyStore,
  getPolicyStoreAlias,
  getSchema,
  listPolicyStoreAliases,
  listPolicyStores,
  putSchema,
  type Input,
  type Output,
} from './avp-stores';
import { decodeUtf8, readJson } from './json';
import { checkCedarSchema } from './schema';
import type { EmulatorState } from './state';

export const AVP_TARGET_PREFIX = 'VerifiedPermissions.';

const HANDLERS: Readonly<Record<string, (input: Input, state: EmulatorState) => Output>> = {
  CreatePolicyStore: createPolicyStore,
  GetPolicyStore: getPolicyStore,
  ListPolicyStores: listPolicyStores,
  DeletePolicyStore: deletePolicyStore,
  GetPolicyStoreAlias: getPolicyStoreAlias,
  ListPolicyStoreAliases: listPolicyStoreAliases,
  GetSchema: getSchema,
  PutSchema: (input, state) => putSchema(input, state, checkCedarSchema),
  CreateIdentitySource: createIdentitySource,
  GetIdentitySource: getIdentitySource,
  ListIdentitySources: listIdentitySources,
  UpdateIdentitySource: updateIdentitySource,
  DeleteIdentitySource: deleteIdentitySource,
};

export const AVP_OPERATIONS: readonly string[] = Object.keys(HANDLERS);

/**
 * Parses an awsJson1_0 body: an empty body is `{}`; bytes that are not UTF-8, JSON nested too deeply or anything but
 * a JSON object is a SerializationException. Members set to `null` are dropped at every depth, as Smithy servers
 * read them as absent (a required one then is missing).
 */
export function parseAvpBody(body: Uint8Array): Input {
  const text = decodeUtf8(body);
  if (text === undefined) throw avpError.serialization('The request body is not valid UTF-8.');
  if (text.trim() === '') return {};
  const read = readJson(text, { dropNullMembers: true });
  if (!read.ok) throw avpError.serialization(`The request body is ${read.message}.`);
  const parsed = read.value;
  if (parsed === undefined || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw avpError.serialization('The request body must be a JSON object.');
  }
  return parsed as Input;
}

export function runAvp(operation: string, input: Input, state: EmulatorState): Output {
  const handler = Object.hasOwn(HANDLERS, operation) ? HANDLERS[operation] : undefined;
  if (!handler) throw avpError.unknownOperation(`${AVP_TARGET_PREFIX}${operation}`);
  return handler(withoutUnionTypeKeys(input) as Input, state);
}

/** Members whose value is a union in the inputs served here. */
const UNIONS = new Set(['configuration', 'updateConfiguration', 'tokenSelection', 'definition', 'encryptionSettings']);

/** awsJson1_0: a `__type` key inside a union must be ignored by the receiver. */
function withoutUnionTypeKeys(value: unknown, inUnion = false): unknown {
  if (Array.isArray(value)) return value.map(v => withoutUnionTypeKeys(v));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !(inUnion && k === '__type'))
      .map(([k, v]) => [k, withoutUnionTypeKeys(v, UNIONS.has(k))]),
  );
}
