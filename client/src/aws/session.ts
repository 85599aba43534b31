/**
 * The AWS connection of the window: which profile and region (Select Profile / Select Region keep the choice in the
 * extension's global state, over the `verifiedIdentity.profile` / `.region` settings; the settings file is never
 * written), the endpoints (user settings only, via config.ts, or the profile's), and the SDK clients built for them.
 * Any change — a choice, a setting, Refresh, workspace trust — rebuilds the clients and fires `onDidChange`, which
 * refreshes the views, the status item and the look-up cache. In Restricted Mode there is no connection at all.
 * Keeps the context key `verifiedIdentity.hasProfile` (welcome content) in step.
 */
import * as vscode from 'vscode';
import { SECTION } from '../../../server/src/settings';
import { readSettings, userEndpoints } from '../config';
import type { Logger } from '../log';
import { createAwsClients, formatCall, type AwsClients, type ClientOptions } from './clients';
import { hasCredentialSource, resolveConnection, type Connection, type ConnectionChoice } from './connection';
import { AwsListing } from './listing';
import { AwsOperations } from './operations';
import { readSharedProfiles, type SharedProfiles } from './profiles';

export const CONTEXT_HAS_PROFILE = 'verifiedIdentity.hasProfile';
const SELECTION_KEY = 'verifiedIdentity.selection';

interface Selection {
  profile?: string;
  region?: string;
}

export interface SessionState {
  trusted: boolean;
  hasProfile: boolean;
  connection: Connection | undefined;
}

export class AwsSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SessionState>();
  readonly onDidChange = this.changed.event;
  private current: Promise<{ state: SessionState; clients: AwsClients | undefined }> | undefined;
  private generation = 0;
  private hasProfileKey: boolean | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Options for the SDK clients (tests lower `maxAttempts`). */
  clientOptions: Omit<ClientOptions, 'onCall'> = {};

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration(`${SECTION}.profile`)) void this.select({ profile: undefined }, 'setting');
        else if (e.affectsConfiguration(`${SECTION}.region`)) void this.select({ region: undefined }, 'setting');
        else if (e.affectsConfiguration(`${SECTION}.endpoints`)) void this.refresh('endpoint setting changed');
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh('workspace trusted')),
    );
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  private selection(): Selection {
    return this.memento.get<Selection>(SELECTION_KEY) ?? {};
  }

  /** What the user chose: Select Profile / Select Region first, then the settings. */
  choice(): ConnectionChoice {
    const settings = readSettings(undefined, true);
    const sel = this.selection();
    return {
      profile: sel.profile ?? settings.profile,
      region: sel.region ?? settings.region,
      userEndpoints: userEndpoints(),
    };
  }

  profiles(): Promise<SharedProfiles> {
    return readSharedProfiles({ ignoreCache: true });
  }

  private build(): Promise<{ state: SessionState; clients: AwsClients | undefined }> {
    return (this.current ??= (async () => {
      if (!this.trusted) {
        return { state: { trusted: false, hasProfile: false, connection: undefined }, clients: undefined };
      }
      const choice = this.choice();
      const files = await this.profiles();
      const hasProfile = hasCredentialSource(choice, files);
      if (!hasProfile) return { state: { trusted: true, hasProfile, connection: undefined }, clients: undefined };
      const connection = resolveConnection(choice, files);
      const clients = createAwsClients(connection, {
        ...this.clientOptions,
        onCall: r => (r.errorCode ? this.log.warn(formatCall(r)) : this.log.info(formatCall(r))),
      });
      this.log.info(
        `AWS connection: ${connection.label} (region from ${connection.regionSource}; endpoints: Verified Permissions ${
          connection.endpoints.verifiedPermissions ?? 'default'
        } [${connection.endpointSources.verifiedPermissions}], EC2 ${connection.endpoints.ec2 ?? 'default'} [${connection.endpointSources.ec2}]).`,
      );
      return { state: { trusted: true, hasProfile, connection }, clients };
    })());
  }

  async state(): Promise<SessionState> {
    const { state } = await this.build();
    if (this.hasProfileKey !== state.hasProfile) {
      this.hasProfileKey = state.hasProfile;
      void vscode.commands.executeCommand('setContext', CONTEXT_HAS_PROFILE, state.hasProfile);
    }
    return state;
  }

  /** The clients of the current connection; undefined in Restricted Mode or without any credential source. */
  async clients(): Promise<AwsClients | undefined> {
    return (await this.build()).clients;
  }

  async listing(): Promise<AwsListing | undefined> {
    const c = await this.clients();
    return c && new AwsListing(c);
  }

  async operations(): Promise<AwsOperations | undefined> {
    const c = await this.clients();
    return c && new AwsOperations(c);
  }

  /** Rebuilds the connection (re-reading the shared config files) and tells everyone. */
  async refresh(reason = 'refresh'): Promise<SessionState> {
    const mine = ++this.generation;
    const old = this.current;
    this.current = undefined;
    void old?.then(o => o.clients?.destroy()).catch(() => undefined);
    const state = await this.state();
    if (mine === this.generation) {
      this.log.info(`AWS connection refreshed (${reason}).`);
      this.changed.fire(state);
    }
    return state;
  }

  /** Select Profile / Select Region: `undefined` drops the choice (the setting applies again). */
  async select(change: Selection, why: 'picker' | 'setting' = 'picker'): Promise<SessionState> {
    const next = { ...this.selection() };
    for (const k of ['profile', 'region'] as const) {
      if (!(k in change)) continue;
      if (change[k] === undefined) delete next[k];
      else next[k] = change[k];
    }
    await this.memento.update(SELECTION_KEY, Object.keys(next).length ? next : undefined);
    return this.refresh(why === 'picker' ? 'profile or region selected' : 'setting changed');
  }

  dispose(): void {
    void this.current?.then(o => o.clients?.destroy()).catch(() => undefined);
    for (const d of this.disposables) d.dispose();
  }
}
