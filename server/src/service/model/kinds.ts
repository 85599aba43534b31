/** The four file kinds (SPEC §2): their request shapes, member casing and the AWS operation they feed. */
import type { BaseKind, Kind } from '../types';
import { CreateIdentitySourceInput, UpdateIdentitySourceInput } from './identity-source';
import type { StructureShape } from './shapes';
import { CreateVerifiedAccessTrustProviderRequest, ModifyVerifiedAccessTrustProviderRequest } from './trust-provider';

export interface KindInfo {
  kind: Kind;
  base: BaseKind;
  shape: StructureShape;
  operation: string;
  service: 'verifiedpermissions' | 'ec2';
  casing: 'camelCase' | 'PascalCase';
  /** Member whose presence makes a file of the base kind an update/modify request. */
  updateMarkers: readonly string[];
  title: string;
}

export const KINDS: Readonly<Record<Kind, KindInfo>> = {
  'identity-source': {
    kind: 'identity-source',
    base: 'identity-source',
    shape: CreateIdentitySourceInput,
    operation: 'CreateIdentitySource',
    service: 'verifiedpermissions',
    casing: 'camelCase',
    updateMarkers: [],
    title: 'Verified Permissions identity source (CreateIdentitySource)',
  },
  'identity-source-update': {
    kind: 'identity-source-update',
    base: 'identity-source',
    shape: UpdateIdentitySourceInput,
    operation: 'UpdateIdentitySource',
    service: 'verifiedpermissions',
    casing: 'camelCase',
    updateMarkers: ['identitySourceId', 'updateConfiguration'],
    title: 'Verified Permissions identity source update (UpdateIdentitySource)',
  },
  'trust-provider': {
    kind: 'trust-provider',
    base: 'trust-provider',
    shape: CreateVerifiedAccessTrustProviderRequest,
    operation: 'CreateVerifiedAccessTrustProvider',
    service: 'ec2',
    casing: 'PascalCase',
    updateMarkers: [],
    title: 'Verified Access trust provider (CreateVerifiedAccessTrustProvider)',
  },
  'trust-provider-update': {
    kind: 'trust-provider-update',
    base: 'trust-provider',
    shape: ModifyVerifiedAccessTrustProviderRequest,
    operation: 'ModifyVerifiedAccessTrustProvider',
    service: 'ec2',
    casing: 'PascalCase',
    updateMarkers: ['VerifiedAccessTrustProviderId'],
    title: 'Verified Access trust provider change (ModifyVerifiedAccessTrustProvider)',
  },
};

export const ALL_KINDS = Object.keys(KINDS) as Kind[];
export const BASE_KINDS: readonly BaseKind[] = ['identity-source', 'trust-provider'];

export function isKind(s: string): s is Kind {
  return Object.prototype.hasOwnProperty.call(KINDS, s);
}

export function isBaseKind(s: string): s is BaseKind {
  return s === 'identity-source' || s === 'trust-provider';
}

export function updateKindOf(base: BaseKind): Kind {
  return base === 'identity-source' ? 'identity-source-update' : 'trust-provider-update';
}
