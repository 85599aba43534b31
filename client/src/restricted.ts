/**
 * What the language server may see of the settings, as pure functions (unit-tested in plain Node): the user-level
 * settings (endpoint overrides, `allowLoopback`) only from the user's settings (given by the caller), and in
 * Restricted Mode no AWS profile or region, no online checks, no endpoints, no loopback. config.ts supplies the
 * user-level values and the trust state.
 */
import { DEFAULT_SETTINGS, SECTION, type Settings } from '../../server/src/settings';

/** The settings a workspace can never set: read from the user's settings only. */
export type UserLevelSettings = Pick<Settings, 'endpoints' | 'allowLoopback'>;

/** Restricted Mode: only local validation. No AWS profile or region, no online checks, no endpoint overrides. */
export function restrict(settings: Settings): Settings {
  return {
    ...settings,
    profile: DEFAULT_SETTINGS.profile,
    region: DEFAULT_SETTINGS.region,
    onlineChecks: false,
    allowLoopback: false,
    endpoints: { ...DEFAULT_SETTINGS.endpoints },
  };
}

/**
 * Rewrites one item of a `workspace/configuration` answer for the language server. `section` is what the server
 * asked for (`verifiedIdentity`, `verifiedIdentity.onlineChecks`, …, or undefined for everything).
 */
export function sanitizeConfiguration(
  section: string | undefined,
  value: unknown,
  trusted: boolean,
  user: UserLevelSettings,
): unknown {
  if (section === undefined || section === '') {
    if (value && typeof value === 'object' && SECTION in value) {
      const all = value as Record<string, unknown>;
      return { ...all, [SECTION]: sanitizeConfiguration(SECTION, all[SECTION], trusted, user) };
    }
    return value;
  }
  if (section === SECTION) {
    const raw = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    const out: Record<string, unknown> = {
      ...raw,
      endpoints: { ...user.endpoints },
      allowLoopback: user.allowLoopback,
    };
    if (!trusted)
      Object.assign(out, {
        profile: '',
        region: '',
        onlineChecks: false,
        allowLoopback: false,
        endpoints: { ...DEFAULT_SETTINGS.endpoints },
      });
    return out;
  }
  if (!section.startsWith(`${SECTION}.`)) return value;
  const key = section.slice(SECTION.length + 1);
  if (key === 'endpoints') return trusted ? { ...user.endpoints } : { ...DEFAULT_SETTINGS.endpoints };
  if (key === 'endpoints.verifiedPermissions' || key === 'endpoints.ec2') {
    return trusted ? user.endpoints[key.slice('endpoints.'.length) as keyof Settings['endpoints']] : '';
  }
  if (key === 'allowLoopback') return trusted && user.allowLoopback;
  if (!trusted && key === 'onlineChecks') return false;
  if (!trusted && (key === 'profile' || key === 'region')) return '';
  return value;
}
