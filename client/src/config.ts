/**
 * Settings as the extension reads them: per resource, through the shared `normalizeSettings` (server/src/settings.ts),
 * so client and server agree on types and defaults. Two rules that the server cannot enforce on its own live here:
 *
 * - `verifiedIdentity.endpoints.*` come from the user's (global) settings only, via `inspect().globalValue`: a
 *   workspace can never redirect signed AWS requests, whatever VS Code does with application-scoped settings.
 * - In Restricted Mode nothing network-related is on: `onlineChecks` is forced off, and `sanitizeConfiguration`
 *   applies both rules to the `workspace/configuration` answers the language server pulls.
 */
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, SECTION, normalizeSettings, type Settings } from '../../server/src/settings';

type Scope = vscode.ConfigurationScope | undefined;

/** The endpoint overrides from user settings only. Workspace and folder values are never read. */
export function userEndpoints(): Settings['endpoints'] {
  const config = vscode.workspace.getConfiguration(SECTION);
  const global = (key: keyof Settings['endpoints']) => config.inspect<string>(`endpoints.${key}`)?.globalValue;
  return normalizeSettings({ endpoints: { verifiedPermissions: global('verifiedPermissions'), ec2: global('ec2') } })
    .endpoints;
}

/** The settings that apply to a resource (a file URI or a workspace folder), normalized and made safe. */
export function readSettings(scope?: Scope, trusted = vscode.workspace.isTrusted): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const settings = normalizeSettings({
    profile: c.get('profile'),
    region: c.get('region'),
    files: c.get('files'),
    endpoints: userEndpoints(),
    onlineChecks: c.get('onlineChecks'),
    cedarSchema: c.get('cedarSchema'),
    trace: { server: c.get('trace.server') },
  });
  return trusted ? settings : restrict(settings);
}

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
export function sanitizeConfiguration(section: string | undefined, value: unknown, trusted: boolean): unknown {
  if (section === undefined || section === '') {
    if (value && typeof value === 'object' && SECTION in value) {
      const all = value as Record<string, unknown>;
      return { ...all, [SECTION]: sanitizeConfiguration(SECTION, all[SECTION], trusted) };
    }
    return value;
  }
  if (section === SECTION) {
    const raw = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    const out: Record<string, unknown> = { ...raw, endpoints: userEndpoints() };
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
  if (key === 'endpoints') return trusted ? userEndpoints() : { ...DEFAULT_SETTINGS.endpoints };
  if (key === 'endpoints.verifiedPermissions' || key === 'endpoints.ec2') {
    return trusted ? userEndpoints()[key.slice('endpoints.'.length) as keyof Settings['endpoints']] : '';
  }
  if (!trusted && key === 'onlineChecks') return false;
  if (!trusted && (key === 'profile' || key === 'region')) return '';
  return value;
}
