/** EC2 Verified Access trust provider actions: Create, Modify, Delete (and Describe) with DryRun and ClientToken. */
import type { Kind } from '../../server/src/service';
import { describeTrustProviders } from './ec2-describe';
import { ec2Error, trustProviderXml } from './ec2-render';
import { decodeForm, EC2_INPUTS, wireKey } from './ec2-wire';
import { ec2Time, type EmulatorState, type TrustProviderInit } from './state';
import type { TrustProviderRecord } from './types';
import { firstEc2Problem, requestErrors } from './validation';
import { el, responseDocument } from './xml';

export const EC2_VERSION = '2016-11-15';
export const EC2_ACTIONS: readonly string[] = Object.keys(EC2_INPUTS);

export interface Ec2Context {
  state: EmulatorState;
  requestId: string;
}

type Input = Record<string, unknown>;

/** Decodes the form fields of an action; an unknown or malformed field is the client's error. */
export function decodeEc2(action: string, params: Iterable<[string, string]>): Input {
  const shape = Object.hasOwn(EC2_INPUTS, action) ? EC2_INPUTS[action] : undefined;
  if (!shape)
    throw ec2Error(
      'InvalidAction',
      `The action ${action} is not valid for this web service (the emulator serves ${EC2_ACTIONS.join(', ')}).`,
    );
  const decoded = decodeForm(shape, params);
  if (!decoded.ok) throw ec2Error(decoded.code, decoded.message);
  return decoded.input;
}

/** Runs a decoded action; returns the whole XML response document or throws a ProtocolError. */
export function runEc2(action: string, input: Input, ctx: Ec2Context): string {
  const handler = Object.hasOwn(HANDLERS, action) ? HANDLERS[action] : undefined;
  if (!handler) throw ec2Error('InvalidAction', `The action ${action} is not valid for this web service.`);
  return responseDocument(action, ctx.requestId, handler(input, ctx.state));
}

const HANDLERS: Readonly<Record<string, (input: Input, state: EmulatorState) => string>> = {
  CreateVerifiedAccessTrustProvider: create,
  ModifyVerifiedAccessTrustProvider: modify,
  DescribeVerifiedAccessTrustProviders: describeTrustProviders,
  DeleteVerifiedAccessTrustProvider: remove,
};

function validate(kind: Kind, action: string, input: Input): void {
  const first = firstEc2Problem(requestErrors(kind, input));
  if (!first) return;
  const key = wireKey(EC2_INPUTS[action], first.problem.path);
  throw ec2Error(
    first.code,
    first.code === 'MissingParameter' ? `The request must contain the parameter ${key}` : first.problem.message,
  );
}

function dryRun(input: Input): void {
  if (input.DryRun === true) throw ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
}

/** Parameters that identify a request for ClientToken purposes. */
const tokenParams = ({ ClientToken: _t, DryRun: _d, ...rest }: Input) => rest;

function notFound(id: string) {
  return ec2Error(
    'InvalidVerifiedAccessTrustProviderId.NotFound',
    `The Verified Access trust provider ID '${id}' does not exist`,
  );
}

const mismatch = (token: string) =>
  ec2Error('IdempotentParameterMismatch', `The client token '${token}' was already used with different parameters.`);

const providerXml = (tp: TrustProviderRecord) => el('verifiedAccessTrustProvider', trustProviderXml(tp));

function create(input: Input, state: EmulatorState): string {
  const action = 'CreateVerifiedAccessTrustProvider';
  validate('trust-provider', action, input);
  dryRun(input);
  const token = input.ClientToken as string | undefined;
  const seen = state.tokens.check<string>(action, token, tokenParams(input));
  if (seen.state === 'replay') return seen.entry.result;
  if (seen.state === 'mismatch') throw mismatch(token!);

  const record = state.addTrustProvider(trustProviderInit(input));
  const body = providerXml(record);
  state.tokens.remember(action, token, tokenParams(input), record.VerifiedAccessTrustProviderId, body);
  return body;
}

function modify(input: Input, state: EmulatorState): string {
  const action = 'ModifyVerifiedAccessTrustProvider';
  validate('trust-provider-update', action, input);
  const id = input.VerifiedAccessTrustProviderId as string;
  const tp = state.trustProviders.get(id);
  if (!tp) throw notFound(id);
  const isOidc = tp.TrustProviderType === 'user' && tp.UserTrustProviderType === 'oidc';
  for (const member of ['OidcOptions', 'NativeApplicationOidcOptions'] as const) {
    if (input[member] !== undefined && !isOidc) {
      throw ec2Error(
        'InvalidParameterCombination',
        `${member} can only be modified on a user trust provider of type oidc; ${id} is ${describeType(tp)}.`,
      );
    }
  }
  if (input.DeviceOptions !== undefined && tp.TrustProviderType !== 'device') {
    throw ec2Error(
      'InvalidParameterCombination',
      `DeviceOptions can only be modified on a device trust provider; ${id} is ${describeType(tp)}.`,
    );
  }
  dryRun(input);
  const token = input.ClientToken as string | undefined;
  const seen = state.tokens.check<string>(action, token, tokenParams(input));
  if (seen.state === 'replay') return seen.entry.result;
  if (seen.state === 'mismatch') throw mismatch(token!);

  if (typeof input.Description === 'string') tp.Description = input.Description;
  if (input.OidcOptions) tp.OidcOptions = { ...tp.OidcOptions, ...input.OidcOptions };
  if (input.NativeApplicationOidcOptions) {
    tp.NativeApplicationOidcOptions = {
      ...tp.NativeApplicationOidcOptions,
      ...input.NativeApplicationOidcOptions,
    };
  }
  if (input.DeviceOptions) tp.DeviceOptions = { ...tp.DeviceOptions, ...input.DeviceOptions };
  if (input.SseSpecification) tp.SseSpecification = { ...tp.SseSpecification, ...input.SseSpecification };
  tp.LastUpdatedTime = ec2Time(new Date());
  const body = providerXml(tp);
  state.tokens.remember(action, token, tokenParams(input), id, body);
  return body;
}

function remove(input: Input, state: EmulatorState): string {
  const action = 'DeleteVerifiedAccessTrustProvider';
  const id = input.VerifiedAccessTrustProviderId as string | undefined;
  if (!id) throw ec2Error('MissingParameter', 'The request must contain the parameter VerifiedAccessTrustProviderId');
  const token = input.ClientToken as string | undefined;
  const seen = state.tokens.check<string>(action, token, tokenParams(input));
  if (seen.state === 'replay' && input.DryRun !== true) return seen.entry.result;
  if (seen.state === 'mismatch') throw mismatch(token!);
  const tp = state.trustProviders.get(id);
  if (!tp) throw notFound(id);
  dryRun(input);
  state.trustProviders.delete(id);
  const body = providerXml(tp);
  state.tokens.remember(action, token, tokenParams(input), id, body);
  return body;
}

/** A trust provider record from CreateVerifiedAccessTrustProvider members (also used for seeds). */
export function trustProviderInit(input: Input): TrustProviderInit {
  const specs = (input.TagSpecifications as { Tags?: { Key: string; Value?: string }[] }[] | undefined) ?? [];
  return {
    Description: (input.Description as string | undefined) ?? '',
    TrustProviderType: input.TrustProviderType,
    PolicyReferenceName: input.PolicyReferenceName,
    Tags: specs.flatMap(spec => (spec.Tags ?? []).map(t => ({ Key: t.Key, Value: t.Value ?? '' }))),
    ...pick(input, [
      'UserTrustProviderType',
      'DeviceTrustProviderType',
      'OidcOptions',
      'DeviceOptions',
      'NativeApplicationOidcOptions',
      'SseSpecification',
    ]),
  } as TrustProviderInit;
}

const describeType = (tp: TrustProviderRecord) =>
  tp.TrustProviderType === 'user'
    ? `a user provider (${tp.UserTrustProviderType ?? '?'})`
    : `a device provider (${tp.DeviceTrustProviderType ?? '?'})`;

function pick(input: Input, keys: string[]): Input {
  return Object.fromEntries(keys.filter(k => input[k] !== undefined).map(k => [k, input[k]]));
}
