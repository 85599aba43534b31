/** The Verified Permissions (awsJson1_0) operation table: `X-Amz-Target` operation name → handler. */
import { isAuthorized } from './avp-authorize';
import { avpError } from './avp-errors';
import { createPolicy, deletePolicy, getPolicy, listPolicies, updatePolicy } from './avp-policies';
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
import { isAuthorizedWithToken, type TokenContext } from './avp-token';
import { decodeUtf8, readJson } from './json';
import { checkCedarSchema } from './schema';
import type { EmulatorState } from './state';

export const AVP_TARGET_PREFIX = 'VerifiedPermissions.';

/** What a handler gets: the state, and for tokens the signature verifier and the clock. */
export type AvpContext = TokenContext;

type Handler = (input: Input, ctx: AvpContext) => Output | Promise<Output>;
const onState =
  (fn: (input: Input, state: EmulatorState) => Output): Handler =>
  (input, ctx) =>
    fn(input, ctx.state);

const HANDLERS: Readonly<Record<string, Handler>> = {
  CreatePolicyStore: onState(createPolicyStore),
  GetPolicyStore: onState(getPolicyStore),
  ListPolicyStores: onState(listPolicyStores),
  DeletePolicyStore: onState(deletePolicyStore),
  GetPolicyStoreAlias: onState(getPolicyStoreAlias),
  ListPolicyStoreAliases: onState(listPolicyStoreAliases),
  GetSchema: onState(getSchema),
  PutSchema: onState((input, state) => putSchema(input, state, checkCedarSchema)),
  CreateIdentitySource: onState(createIdentitySource),
  GetIdentitySource: onState(getIdentitySource),
  ListIdentitySources: onState(listIdentitySources),
  UpdateIdentitySource: onState(updateIdentitySource),
  DeleteIdentitySource: onState(deleteIdentitySource),
  CreatePolicy: onState(createPolicy),
  GetPolicy: onState(getPolicy),
  ListPolicies: onState(listPolicies),
  UpdatePolicy: onState(updatePolicy),
  DeletePolicy: onState(deletePolicy),
  IsAuthorized: onState(isAuthorized),
  IsAuthorizedWithToken: isAuthorizedWithToken,
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

export async function runAvp(operation: string, input: Input, ctx: AvpContext): Promise<Output> {
  const handler = Object.hasOwn(HANDLERS, operation) ? HANDLERS[operation] : undefined;
  if (!handler) throw avpError.unknownOperation(`${AVP_TARGET_PREFIX}${operation}`);
  return handler(withoutUnionTypeKeys(input) as Input, ctx);
}

/** Members whose value is a union in the inputs served here (AttributeValue unions are read in avp-entities.ts). */
const UNIONS = new Set([
  'configuration',
  'updateConfiguration',
  'tokenSelection',
  'definition',
  'encryptionSettings',
  'context',
  'entities',
  'principal',
  'resource',
]);

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
