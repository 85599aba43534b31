/**
 * Authorization decisions: the store's policies evaluated by Cedar (`isAuthorized`) with the request's entities and
 * context, the schema's action entities added. IsAuthorized here; IsAuthorizedWithToken (avp-token.ts) shares
 * `decide`. Outputs as the model shapes them: `decision`, `determiningPolicies`, `errors`.
 */
import { contextOf, entitiesOf, entityUid, MAX_TRANSITIVE_PARENTS, tooManyParents } from './avp-entities';
import { avpError } from './avp-errors';
import { ACTION_IDENTIFIER, ENTITY_IDENTIFIER, POLICY_STORE_ID, struct } from './avp-input';
import { storeOf, validated, type Input, type Output } from './avp-stores';
import { actionEntities, cedar, cedarMessage, ENGINE_FAILURE, type CedarEntity, type EntityUid } from './cedar';
import { schemaForCedar } from './schema';
import type { EmulatorState } from './state';
import type { PolicyStoreRecord } from './types';
import type { FieldProblem } from './validation';

export const CONTEXT = struct({ contextMap: { t: 'any' }, cedarJson: { t: 'string' } }, [], true);
export const ENTITIES = struct({ entityList: { t: 'any' }, cedarJson: { t: 'string' } }, [], true);

const IS_AUTHORIZED = struct(
  {
    policyStoreId: POLICY_STORE_ID,
    principal: ENTITY_IDENTIFIER,
    action: ACTION_IDENTIFIER,
    resource: ENTITY_IDENTIFIER,
    context: CONTEXT,
    entities: ENTITIES,
  },
  ['policyStoreId'],
);

export interface Identifier {
  entityType: string;
  entityId: string;
}

export interface AuthorizationRequest {
  principal: EntityUid;
  action: EntityUid;
  resource: EntityUid;
  context: Record<string, unknown>;
  entities: CedarEntity[];
}

export const isActionType = (type: string) => type === 'Action' || type.endsWith('::Action');

/**
 * The members the model leaves optional but Cedar 4 needs (it has no unspecified entities): ValidationException
 * when any is missing.
 */
export function requireMembers(input: Record<string, unknown>, members: readonly string[]): void {
  const missing = members.filter(m => input[m] === undefined);
  if (missing.length === 0) return;
  throw avpError.validation(
    missing.map(m => ({
      path: m,
      message: `The emulator needs ${m}: Cedar 4 evaluates requests with a principal, an action and a resource only.`,
    })),
  );
}

/** Throws the ValidationException of the problems found so far, if any. */
export function throwProblems(problems: FieldProblem[]): void {
  if (problems.length > 0) throw avpError.validation(problems);
}

/** Evaluates the store's policies for one request. */
export function decide(store: PolicyStoreRecord, state: EmulatorState, request: AuthorizationRequest): Output {
  const crowded = tooManyParents(request.entities);
  if (crowded) {
    throw avpError.validation([
      {
        path: 'entities',
        message: `The entity ${crowded.type}::"${crowded.id}" has more than ${MAX_TRANSITIVE_PARENTS} transitive parents; a request allows at most ${MAX_TRANSITIVE_PARENTS} per entity.`,
      },
    ]);
  }
  const staticPolicies: Record<string, string> = {};
  for (const p of state.policiesOf(store.policyStoreId)) staticPolicies[p.policyId] = p.statement;
  const given = new Set(request.entities.map(e => JSON.stringify([e.uid.type, e.uid.id])));
  const actions = store.schema
    ? actionEntities(schemaForCedar(store.schema)).filter(a => !given.has(JSON.stringify([a.uid.type, a.uid.id])))
    : [];
  const answer = cedar().isAuthorized({
    principal: request.principal,
    action: request.action,
    resource: request.resource,
    context: request.context,
    policies: { staticPolicies },
    entities: [...request.entities, ...actions],
  });
  if (answer.type === 'failure') {
    throw avpError.validation(
      answer.errors.map(e => ({
        path: 'entities',
        message:
          e.code === ENGINE_FAILURE
            ? `The emulator's Cedar engine failed evaluating this request with the store's policies (${e.message}); a policy or an entity likely nests too deeply for it.`
            : cedarMessage(e),
      })),
    );
  }
  const { decision, diagnostics } = answer.response;
  return {
    decision: decision === 'allow' ? 'ALLOW' : 'DENY',
    determiningPolicies: diagnostics.reason.map(policyId => ({ policyId })),
    errors: diagnostics.errors.map(e => ({
      errorDescription: `error while evaluating policy \`${e.policyId}\`: ${cedarMessage(e.error)}`,
    })),
  };
}

const uid = (e: Identifier): EntityUid => ({ type: e.entityType, id: e.entityId });

export function isAuthorized(input: Input, state: EmulatorState): Output {
  const req = validated<{
    policyStoreId: string;
    principal?: Identifier;
    action?: { actionType: string; actionId: string };
    resource?: Identifier;
    context?: { contextMap?: unknown; cedarJson?: string };
    entities?: { entityList?: unknown; cedarJson?: string };
  }>(IS_AUTHORIZED, input);
  const store = storeOf(state, req.policyStoreId);
  requireMembers(req, ['principal', 'action', 'resource']);
  const problems: FieldProblem[] = [];
  const context = contextOf(req.context, problems);
  const entities = entitiesOf(req.entities, problems);
  entities.forEach((e, i) => {
    const type = entityUid(e)?.type;
    if (type !== undefined && isActionType(type)) {
      problems.push({
        path: `entities[${i}]`,
        message: 'IsAuthorized takes principal and resource entities only; actions come from the schema.',
      });
    }
  });
  throwProblems(problems);
  const action = req.action as { actionType: string; actionId: string };
  return decide(store, state, {
    principal: uid(req.principal as Identifier),
    action: { type: action.actionType, id: action.actionId },
    resource: uid(req.resource as Identifier),
    context,
    entities,
  });
}
