/**
 * Which account, region and endpoints the extension talks to, from the user's choices and the shared config files.
 * Pure (no `vscode`, no SDK): the session (session.ts) supplies the chosen profile and region and the user-level
 * endpoint settings; tests supply them directly.
 *
 * Rules:
 * - profile: the chosen one, else the SDK default chain (`AWS_PROFILE`, env keys, `default`, SSO, IMDS…).
 * - region: the chosen one, else the profile's `region`, else `AWS_REGION` / `AWS_DEFAULT_REGION`, else `us-east-1`
 *   (`regionSource: 'fallback'`, and the UI says so).
 * - endpoints: `verifiedIdentity.endpoints.*` from **user** settings (the caller passes only those), else the
 *   profile's `endpoint_url` / `[services]` section, else the SDK's own resolution. Never from a workspace.
 */
import { normalizeEndpoint } from '../../../server/src/settings';
import { profileEndpoint, profileRegion, type SharedProfiles } from './profiles';

export const FALLBACK_REGION = 'us-east-1';

export interface ConnectionChoice {
  /** Chosen profile; empty: the default chain. */
  profile: string;
  /** Chosen region; empty: the profile's. */
  region: string;
  /** From user settings only. */
  userEndpoints: { verifiedPermissions: string; ec2: string };
}

export type EndpointSource = 'setting' | 'profile' | 'default';

export interface Connection {
  /** The profile credentials come from; undefined: the SDK default chain. */
  readonly profile: string | undefined;
  /** The profile whose config applies (`AWS_PROFILE` or `default` for the default chain). */
  readonly configProfile: string;
  readonly region: string;
  readonly regionSource: 'setting' | 'profile' | 'environment' | 'fallback';
  readonly endpoints: { readonly verifiedPermissions?: string; readonly ec2?: string };
  readonly endpointSources: { readonly verifiedPermissions: EndpointSource; readonly ec2: EndpointSource };
  /** `profile · region`, as the status bar and the tree show it. */
  readonly label: string;
}

function endpoint(
  user: string,
  files: SharedProfiles,
  profile: string,
  service: 'verifiedpermissions' | 'ec2',
): { url?: string; source: EndpointSource } {
  const fromUser = normalizeEndpoint(user);
  if (fromUser) return { url: fromUser, source: 'setting' };
  const fromProfile = normalizeEndpoint(profileEndpoint(files, profile, service));
  if (fromProfile) return { url: fromProfile, source: 'profile' };
  return { source: 'default' };
}

export function resolveConnection(
  choice: ConnectionChoice,
  files: SharedProfiles,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Connection {
  const chosen = choice.profile.trim();
  const configProfile = chosen || env.AWS_PROFILE?.trim() || 'default';
  const envRegion = (env.AWS_REGION || env.AWS_DEFAULT_REGION)?.trim();
  const fromProfile = profileRegion(files, configProfile);
  const [region, regionSource]: [string, Connection['regionSource']] = choice.region.trim()
    ? [choice.region.trim(), 'setting']
    : fromProfile
      ? [fromProfile, 'profile']
      : envRegion
        ? [envRegion, 'environment']
        : [FALLBACK_REGION, 'fallback'];
  const avp = endpoint(choice.userEndpoints.verifiedPermissions, files, configProfile, 'verifiedpermissions');
  const ec2 = endpoint(choice.userEndpoints.ec2, files, configProfile, 'ec2');
  return {
    profile: chosen || undefined,
    configProfile,
    region,
    regionSource,
    endpoints: { ...(avp.url ? { verifiedPermissions: avp.url } : {}), ...(ec2.url ? { ec2: ec2.url } : {}) },
    endpointSources: { verifiedPermissions: avp.source, ec2: ec2.source },
    label: `${chosen || (env.AWS_PROFILE?.trim() ? env.AWS_PROFILE.trim() : 'default credentials')} · ${region}`,
  };
}

/**
 * Whether there is something to connect with: a chosen profile, `AWS_PROFILE`, keys in the environment, or a
 * `default` profile in the shared files. Without one the views show their welcome content (Select Profile).
 */
export function hasCredentialSource(
  choice: Pick<ConnectionChoice, 'profile'>,
  files: SharedProfiles,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  if (choice.profile.trim()) return true;
  if (env.AWS_PROFILE?.trim() || env.AWS_ACCESS_KEY_ID?.trim() || env.AWS_WEB_IDENTITY_TOKEN_FILE?.trim()) return true;
  return files.names.includes('default');
}
