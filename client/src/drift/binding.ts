/**
 * Which deployed resource a file is bound to, and what the drift lens says about it. Pure (no `vscode`): the lens
 * (lens.ts) feeds it the file's request and the deployed candidates of `apply/deployed.ts`.
 *
 * Update and modify files name their resource. A create file is bound to a deployed resource that has the same
 * identity: the OIDC issuer or the Cognito user pool of an identity source (in the file's policy store); the issuer
 * of an OIDC trust provider; the device type and tenant of a device trust provider. A create file nothing is bound to
 * gets no lens: there is nothing to drift from yet.
 */
import type { Difference } from '../../../server/src/service/deployed';
import type { Kind } from '../../../server/src/service/types';
import type { DeployedMatch } from '../apply/deployed';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
/** Issuers compare without a trailing slash: `https://idp/` and `https://idp` name the same provider here. */
const issuer = (v: unknown) => text(v)?.replace(/\/+$/, '');

/**
 * What identifies the resource of a create request (file input) or of a deployed resource (raw SDK output), or
 * undefined when nothing does. Both sides use the same member names, so one function serves both.
 */
export function identityOf(kind: Kind, data: Obj): string | undefined {
  if (kind === 'identity-source' || kind === 'identity-source-update') {
    const conf = obj(data.configuration ?? data.updateConfiguration);
    const oidc = issuer(obj(conf.openIdConnectConfiguration).issuer);
    if (oidc) return `oidc ${oidc}`;
    const pool =
      text(obj(conf.cognitoUserPoolConfiguration).userPoolArn) ?? text(obj(data.details).userPoolArn) ?? undefined;
    return pool ? `cognito ${pool}` : undefined;
  }
  const oidc = issuer(obj(data.OidcOptions).Issuer) ?? issuer(obj(data.NativeApplicationOidcOptions).Issuer);
  if (oidc) return `oidc ${oidc}`;
  const device = text(data.DeviceTrustProviderType);
  if (device) {
    const options = obj(data.DeviceOptions);
    const tenant = text(options.TenantId) ?? text(options.PublicSigningKeyUrl);
    return tenant ? `device ${device} ${tenant}` : undefined;
  }
  return undefined;
}

/** The candidates a create file is bound to (same identity). Update kinds: the one they name, as given. */
export function boundCandidates(kind: Kind, input: Obj, candidates: DeployedMatch[]): DeployedMatch[] {
  if (kind === 'identity-source-update' || kind === 'trust-provider-update') return candidates;
  const mine = identityOf(kind, input);
  if (!mine) return [];
  return candidates.filter(c => identityOf(kind, c.deployed) === mine);
}

export type DriftState =
  | { state: 'checking' }
  /** A create file no deployed resource is bound to (no lens). */
  | { state: 'unbound' }
  /** An update / modify file whose resource does not exist (in this account and Region). */
  | { state: 'missing'; id: string; where: string }
  | { state: 'matches'; match: DeployedMatch; secretNotCompared: boolean }
  | { state: 'differs'; match: DeployedMatch; differences: Difference[]; secretNotCompared: boolean }
  | { state: 'several'; count: number }
  | { state: 'error'; message: string };

/** The state of one file document from its bound candidates and, for one candidate, its differences. */
export function driftState(bound: DeployedMatch[], diffs: Difference[] | undefined, setsSecret: boolean): DriftState {
  if (bound.length === 0) return { state: 'unbound' };
  if (bound.length > 1) return { state: 'several', count: bound.length };
  const match = bound[0];
  if (!diffs || diffs.length === 0) return { state: 'matches', match, secretNotCompared: setsSecret };
  return { state: 'differs', match, differences: diffs, secretNotCompared: setsSecret };
}

/** The lens title of a state (codicons in `$(…)`), or undefined for no lens. */
export function lensTitle(s: DriftState): string | undefined {
  switch (s.state) {
    case 'checking':
      return '$(sync~spin) checking deployed…';
    case 'unbound':
      return undefined;
    case 'missing':
      return `$(warning) ${s.id} is not deployed in ${s.where}`;
    case 'matches':
      return `$(check) matches deployed ${s.match.ref.id}${s.secretNotCompared ? ' (client secret not compared)' : ''}`;
    case 'differs': {
      const n = s.differences.length;
      return `$(git-compare) differs from deployed ${s.match.ref.id} (${n} difference${n === 1 ? '' : 's'}) — Compare`;
    }
    case 'several':
      return `$(git-compare) ${s.count} deployed resources have this identity — Compare`;
    case 'error':
      return `$(error) could not check what is deployed: ${s.message.length > 80 ? `${s.message.slice(0, 79)}…` : s.message} — Retry`;
  }
}

/** The lens tooltip: the differing member paths, or what the state means. */
export function lensTooltip(s: DriftState): string {
  switch (s.state) {
    case 'differs':
      return `Differs from ${s.match.label} in: ${s.differences
        .slice(0, 10)
        .map(d => d.path)
        .join(', ')}${s.differences.length > 10 ? ', …' : ''}. Click to compare.`;
    case 'matches':
      return `The file's request matches ${s.match.label}.${s.secretNotCompared ? ' AWS never returns client secrets, so the secret was not compared.' : ''} Click to compare.`;
    case 'several':
      return 'Several deployed resources share this issuer or user pool: click to pick one and compare.';
    case 'missing':
      return 'Nothing with this ID is deployed for the current profile and Region.';
    case 'error':
      return `${s.message} Click to check again.`;
    default:
      return 'Verified Identity checks the file against what is deployed when it is opened and saved.';
  }
}
