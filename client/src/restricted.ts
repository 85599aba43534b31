/**
 * What the language server may see of the settings, as pure functions (unit-tested in plain Node): endpoint overrides
 * only from the user's settings (given by the caller), and in Restricted Mode no AWS profile or region, no online
 * checks, no endpoints. config.ts supplies the user's endpoints and the trust state.
 */
import { DEFAULT_SETTINGS, SECTION, type Settings } from '../../server/src/settings';

/** Restricted Mode: only local validation. No AWS profile or region, no online checks, no endpoint overrides. */
export function restrict(settings: Settings): Settings {
  return {
    ...settings,
    profile: DEFAULT_SETTINGS.profile,
    region: DEFAULT_SETTINGS.region,
    onlineChecks: false,
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
  userEndpoints: Settings['endpoints'],
): unknown {
  if (section === undefined || section === '') {
    if (value && typeof value === 'object' && SECTION in value) {
      const all = value as Record<string, unknown>;
      return { ...all, [SECTION]: sanitizeConfiguration(SECTION, all[SECTION], trusted, userEndpoints) };
    }
    return value;
  }
  if (section === SECTION) {
    const raw = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    const out: Record<string, unknown> = { ...raw, endpoints: { ...userEndpoints } };
    if (!trusted)
      Object.assign(out, {
        profile: '',
        region: '',
        onlineChecks: false,
        endpoints: { ...DEFAULT_SETTINGS.endpoints },
      });
    return out;
  }
  if (!section.startsWith(`${SECTION}.`)) return value;
  const key = section.slice(SECTION.length + 1);
  if (key === 'endpoints') return trusted ? { ...userEndpoints } : { ...DEFAULT_SETTINGS.endpoints };
  if (key === 'endpoints.verifiedPermissions' || key === 'endpoints.ec2') {
    return trusted ? userEndpoints[key.slice('endpoints.'.length) as keyof Settings['endpoints']] : '';
  }
  if (!trusted && key === 'onlineChecks') return false;
  if (!trusted && (key === 'profile' || key === 'region')) return '';
  return value;
}
