/**
 * Settings, declared once for client and server (SPEC §5). `normalize` turns untrusted input (workspace settings,
 * `workspace/configuration` answers from any editor) into a complete, well-typed value. `package.json`
 * `contributes.configuration` is checked against `DEFAULT_SETTINGS` by `test/unit/settings.test.ts`.
 */
import type { BaseFileKind } from './service/types';

export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface Settings {
  /** AWS profile from the shared config files; empty = the SDK default chain. */
  profile: string;
  /** AWS Region; empty = the profile's region. */
  region: string;
  /** Extra file associations: glob → kind (`identity-source`, `trust-provider` or `cloudformation`). */
  files: Record<string, BaseFileKind>;
  /** Endpoint overrides (application scope, user settings only): never taken from a workspace. */
  endpoints: { verifiedPermissions: string; ec2: string };
  /** Fetch OIDC discovery documents (trusted workspaces only). */
  onlineChecks: boolean;
  /**
   * Online checks may fetch from this machine (loopback), over plain http too. Application scope, user settings only
   * (like `endpoints`): a workspace can never turn it on.
   */
  allowLoopback: boolean;
  /** Path of a Cedar schema file (`*.cedarschema` or `*.cedarschema.json`). */
  cedarSchema: string;
  /** Show the drift CodeLens (matches / differs from deployed) on files bound to a deployed resource. */
  driftLens: boolean;
  trace: { server: TraceLevel };
}

export const SECTION = 'verifiedIdentity';

export const DEFAULT_SETTINGS: Settings = {
  profile: '',
  region: '',
  files: {},
  endpoints: { verifiedPermissions: '', ec2: '' },
  onlineChecks: false,
  allowLoopback: false,
  cedarSchema: '',
  driftLens: true,
  trace: { server: 'off' },
};

function str(v: unknown, fallback: string, max = 2048): string {
  return typeof v === 'string' && v.length <= max ? v.trim() : fallback;
}

function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** An endpoint override must be an absolute http(s) URL; anything else is ignored. */
export function normalizeEndpoint(v: unknown): string {
  const s = str(v, '');
  if (!s) return '';
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? s.replace(/\/+$/, '') : '';
  } catch {
    return '';
  }
}

export function normalizeSettings(raw: unknown): Settings {
  const r = obj(raw);
  const files: Record<string, BaseFileKind> = {};
  for (const [glob, kind] of Object.entries(obj(r.files)).slice(0, 200)) {
    if (
      glob.length > 0 &&
      glob.length <= 512 &&
      (kind === 'identity-source' || kind === 'trust-provider' || kind === 'cloudformation')
    )
      files[glob] = kind;
  }
  const endpoints = obj(r.endpoints);
  const trace = str(obj(r.trace).server, 'off');
  return {
    profile: str(r.profile, '', 256),
    region: /^[a-z0-9-]{0,32}$/.test(str(r.region, '')) ? str(r.region, '') : '',
    files,
    endpoints: {
      verifiedPermissions: normalizeEndpoint(endpoints.verifiedPermissions),
      ec2: normalizeEndpoint(endpoints.ec2),
    },
    onlineChecks: r.onlineChecks === true,
    allowLoopback: r.allowLoopback === true,
    cedarSchema: str(r.cedarSchema, ''),
    driftLens: r.driftLens !== false,
    trace: { server: trace === 'messages' || trace === 'verbose' ? trace : 'off' },
  };
}
