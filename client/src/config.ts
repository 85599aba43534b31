/**
 * Settings as the extension reads them: per resource, through the shared `normalizeSettings` (server/src/settings.ts),
 * so client and server agree on types and defaults. Two rules that the server cannot enforce on its own live here:
 *
 * - `verifiedIdentity.endpoints.*` and `verifiedIdentity.allowLoopback` come from the user's (global) settings only,
 *   via `inspect().globalValue`: a workspace can never redirect signed AWS requests or point online checks at this
 *   machine, whatever VS Code does with application-scoped settings.
 * - In Restricted Mode nothing network-related is on: `onlineChecks` is forced off, and `sanitizeConfiguration`
 *   (restricted.ts, pure) applies both rules to the `workspace/configuration` answers the language server pulls.
 */
import * as vscode from 'vscode';
import { SECTION, normalizeSettings, type Settings } from '../../server/src/settings';
import { restrict, type UserLevelSettings } from './restricted';

export { restrict } from './restricted';

type Scope = vscode.ConfigurationScope | undefined;

/** The endpoint overrides from user settings only. Workspace and folder values are never read. */
export function userEndpoints(): Settings['endpoints'] {
  const config = vscode.workspace.getConfiguration(SECTION);
  const global = (key: keyof Settings['endpoints']) => config.inspect<string>(`endpoints.${key}`)?.globalValue;
  return normalizeSettings({ endpoints: { verifiedPermissions: global('verifiedPermissions'), ec2: global('ec2') } })
    .endpoints;
}

/** The settings a workspace can never set, from user settings only. */
export function userLevelSettings(): UserLevelSettings {
  const loopback = vscode.workspace.getConfiguration(SECTION).inspect<boolean>('allowLoopback')?.globalValue;
  return { endpoints: userEndpoints(), allowLoopback: normalizeSettings({ allowLoopback: loopback }).allowLoopback };
}

/** The settings that apply to a resource (a file URI or a workspace folder), normalized and made safe. */
export function readSettings(scope?: Scope, trusted = vscode.workspace.isTrusted): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const settings = normalizeSettings({
    profile: c.get('profile'),
    region: c.get('region'),
    files: c.get('files'),
    ...userLevelSettings(),
    onlineChecks: c.get('onlineChecks'),
    cedarSchema: c.get('cedarSchema'),
    driftLens: c.get('driftLens'),
    trace: { server: c.get('trace.server') },
  });
  return trusted ? settings : restrict(settings);
}
