/**
 * The shared AWS config and credentials files (`~/.aws/config`, `~/.aws/credentials`, or `AWS_CONFIG_FILE` /
 * `AWS_SHARED_CREDENTIALS_FILE`), read with the SDK's own loader so that profile names, `[profile x]` prefixes,
 * `[services x]` and `[sso-session x]` sections mean what they mean to the AWS CLI. Credentials themselves are never
 * read here: the SDK's provider chain resolves them (fromNodeProviderChain in clients.ts). Pure: no `vscode`.
 */
import { loadSharedConfigFiles } from '@smithy/core/config';

type Section = Record<string, string | undefined>;

export interface SharedProfiles {
  /** Profile names from both files: `default` first, then alphabetical. */
  readonly names: string[];
  readonly config: Readonly<Record<string, Section>>;
  readonly credentials: Readonly<Record<string, Section>>;
}

export type ProfileKind = 'sso' | 'process' | 'assume-role' | 'web-identity' | 'keys' | 'config';

export interface ProfileInfo {
  name: string;
  kind: ProfileKind;
  region?: string;
  /** The profile sets an endpoint (endpoint_url, or a [services] section). */
  hasEndpoint: boolean;
}

/** Sections of the config file that are not profiles (the loader names them `<type>.<name>`). */
const NON_PROFILE = /^(?:sso-session|services)\./;

export const EMPTY_PROFILES: SharedProfiles = { names: [], config: {}, credentials: {} };

/**
 * Reads both files (missing files are empty). `ignoreCache` re-reads them: the SDK caches file contents per process,
 * and a profile switch or Refresh must see edits made since.
 */
export async function readSharedProfiles(
  options: { configFile?: string; credentialsFile?: string; ignoreCache?: boolean } = {},
): Promise<SharedProfiles> {
  let files: { configFile: Record<string, Section>; credentialsFile: Record<string, Section> };
  try {
    files = await loadSharedConfigFiles({
      ...(options.configFile ? { configFilepath: options.configFile } : {}),
      ...(options.credentialsFile ? { filepath: options.credentialsFile } : {}),
      ignoreCache: options.ignoreCache ?? true,
    });
  } catch {
    return EMPTY_PROFILES;
  }
  const config = files.configFile ?? {};
  const credentials = files.credentialsFile ?? {};
  const names = new Set<string>();
  for (const name of Object.keys(config)) if (!NON_PROFILE.test(name)) names.add(name);
  for (const name of Object.keys(credentials)) names.add(name);
  const sorted = [...names].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
  return { names: sorted, config, credentials };
}

/** How a profile gets its credentials, for the profile picker. */
export function describeProfile(files: SharedProfiles, name: string): ProfileInfo {
  const c = files.config[name] ?? {};
  const k = files.credentials[name] ?? {};
  const kind: ProfileKind =
    c.sso_session || c.sso_start_url
      ? 'sso'
      : c.credential_process || k.credential_process
        ? 'process'
        : c.role_arn || k.role_arn
          ? c.web_identity_token_file
            ? 'web-identity'
            : 'assume-role'
          : k.aws_access_key_id || c.aws_access_key_id
            ? 'keys'
            : 'config';
  const region = profileRegion(files, name);
  return {
    name,
    kind,
    ...(region ? { region } : {}),
    hasEndpoint: !!(c.endpoint_url || c.services),
  };
}

export function profileRegion(files: SharedProfiles, name: string): string | undefined {
  const r = files.config[name]?.region ?? files.credentials[name]?.region;
  return r && /^[a-z0-9-]{1,32}$/.test(r.trim()) ? r.trim() : undefined;
}

/** The SDK's service identifiers in `[services x]` sections. */
export type ServiceId = 'verifiedpermissions' | 'ec2';

/**
 * The endpoint a profile sets for a service, as the AWS CLI reads it: the service's `endpoint_url` in the profile's
 * `services` section first, then the profile's own `endpoint_url`.
 */
export function profileEndpoint(files: SharedProfiles, name: string, service: ServiceId): string | undefined {
  const c = files.config[name];
  if (!c) return undefined;
  const servicesName = c.services?.trim();
  const specific = servicesName ? files.config[`services.${servicesName}`]?.[`${service}.endpoint_url`] : undefined;
  return (specific ?? c.endpoint_url)?.trim() || undefined;
}
