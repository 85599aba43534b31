/** Semantic: checks against facts outside the file (the policy store's Cedar schema, the issuer's OIDC discovery). */
import { rule } from './rule-info';

export const R = {
  cedarUnknownType: rule(
    'cedar-unknown-entity-type',
    'semantic',
    'error',
    'documented',
    'An entity type that the policy store’s Cedar schema does not declare.',
  ),
  cedarNotParent: rule(
    'cedar-group-not-parent',
    'semantic',
    'error',
    'documented',
    'The group entity type is not a parent (`memberOfTypes`) of the principal entity type in the schema.',
  ),
  cedarSchemaInvalid: rule(
    'cedar-schema-invalid',
    'semantic',
    'warning',
    'practice',
    'The Cedar schema the file is checked against does not parse, so entity types were not checked.',
  ),
  templateSchemaInvalid: rule(
    'cfn-cedar-schema-invalid',
    'semantic',
    'error',
    'documented',
    "A policy store's `Schema` in a CloudFormation template that Cedar cannot parse: the stack fails when CloudFormation puts the schema, and the template's identity sources were not checked against it. Reported at the schema, with a line and column in it.",
  ),
  discoveryInvalid: rule(
    'oidc-discovery-invalid',
    'semantic',
    'error',
    'documented',
    'The issuer serves no valid OIDC discovery document at `<issuer>/.well-known/openid-configuration`.',
  ),
  issuerNotFetched: rule(
    'oidc-issuer-not-fetched',
    'semantic',
    'warning',
    'practice',
    'The issuer is not fetched: it is not an https URL without user info, query and fragment, or it is on this machine (loopback) and the user has not allowed that.',
  ),
  discoveryFailed: rule(
    'oidc-discovery-failed',
    'semantic',
    'warning',
    'practice',
    'The discovery document could not be fetched (timeout, too large, network error, a redirect that is not allowed; on a private network or this machine, only that it could not be fetched).',
  ),
  issuerMismatch: rule(
    'oidc-issuer-mismatch',
    'semantic',
    'error',
    'documented',
    'The discovery document’s `issuer` is not exactly the configured issuer.',
  ),
  jwksUnreachable: rule(
    'oidc-jwks-unreachable',
    'semantic',
    'warning',
    'practice',
    'The `jwks_uri` from discovery is not fetched (it breaks the fetch rules), cannot be fetched, or holds no keys, so tokens cannot be verified.',
  ),
  endpointMismatch: rule(
    'oidc-endpoint-mismatch',
    'semantic',
    'warning',
    'inferred',
    'A trust provider endpoint that differs from the one the issuer’s discovery document publishes.',
  ),
  tokenTypes: rule(
    'oidc-token-types',
    'semantic',
    'warning',
    'inferred',
    'Discovery advertises no token the identity source can use (no access-token flow, or no asymmetric signing).',
  ),
};

export const SEMANTIC_RULES = Object.values(R);
