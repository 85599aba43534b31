/**
 * Drift at a glance: a CodeLens on each document of an associated file that is bound to a deployed resource, saying
 * "matches deployed" or "differs from deployed — Compare". Checked when the file is first shown, again on save, on
 * Check Drift (command palette, the lens itself after a failure), and whenever the connection changes (profile,
 * Region, Refresh). Nothing runs in Restricted Mode, without a profile, or with `verifiedIdentity.driftLens` off.
 *
 * The server reads the request of the file (`verifiedIdentity/requestPayload`) and says where its first member is
 * (`verifiedIdentity/rangeOfPath`); the comparison is the service's `compareWithDeployed`, as in Compare with Deployed.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  RangeOfPathRequest,
  RequestPayloadRequest,
  type RangeOfPathParams,
  type RangeOfPathResult,
  type RequestPayload,
  type RequestPayloadParams,
} from '../../../server/src/protocol';
import { SECTION } from '../../../server/src/settings';
import type { Kind } from '../../../server/src/service/types';
import { deployedAsRequest, differences, setsSecret } from '../apply/deployed';
import { AwsCallError } from '../aws/errors';
import type { AwsSession } from '../aws/session';
import type { Logger } from '../log';
import type { LazyServer } from '../server-start';
import { bindingCandidates } from './candidates';
import { boundCandidates, driftState, lensTitle, lensTooltip, type DriftState } from './binding';

/** At most this many documents of one YAML stream get a lens. */
const MAX_DOCUMENTS = 20;

export interface DocumentDrift {
  document: number;
  /** The line of the document's first member (where the lens sits). */
  line: number;
  kind: Kind;
  state: DriftState;
}

interface FileDrift {
  generation: number;
  /** The last finished check (undefined while the first one runs). */
  result: DocumentDrift[] | undefined;
  running: Promise<DocumentDrift[]> | undefined;
}

type Obj = Record<string, unknown>;

const textOf = (v: unknown): string => (typeof v === 'string' ? v : '');

export class DriftLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly files = new Map<string, FileDrift>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private generation = 0;

  constructor(
    private readonly client: LanguageClient,
    private readonly server: Pick<LazyServer, 'started' | 'start' | 'isOurs'>,
    private readonly session: AwsSession,
    private readonly log: Logger,
  ) {
    this.disposables.push(
      vscode.languages.registerCodeLensProvider(
        [
          { language: 'yaml', scheme: 'file' },
          { language: 'json', scheme: 'file' },
        ],
        this,
      ),
      vscode.workspace.onDidSaveTextDocument(doc => {
        if (this.files.has(doc.uri.toString())) void this.check(doc.uri);
      }),
      vscode.workspace.onDidCloseTextDocument(doc => this.files.delete(doc.uri.toString())),
      session.onDidChange(() => this.reset()),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration(`${SECTION}.driftLens`)) this.reset();
      }),
    );
  }

  private enabled(doc?: vscode.TextDocument): boolean {
    return (
      this.session.trusted &&
      vscode.workspace.getConfiguration(SECTION, doc?.uri).get<boolean>('driftLens', true) !== false
    );
  }

  /** Forgets every result (a new connection); the editor asks for lenses again. */
  reset(): void {
    this.generation++;
    this.files.clear();
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled(doc)) return [];
    const entry = this.files.get(doc.uri.toString());
    if (!entry) {
      void this.check(doc.uri);
      return [];
    }
    return (entry.result ?? []).flatMap(d => this.lensesOf(doc, d));
  }

  private lensesOf(doc: vscode.TextDocument, d: DocumentDrift): vscode.CodeLens[] {
    const title = lensTitle(d.state);
    if (!title) return [];
    const line = Math.min(d.line, Math.max(0, doc.lineCount - 1));
    const range = new vscode.Range(line, 0, line, 0);
    const fileArgs = { uri: doc.uri.toString(), document: d.document };
    const s = d.state;
    const command: vscode.Command =
      s.state === 'matches' || s.state === 'differs'
        ? {
            title,
            tooltip: lensTooltip(s),
            command: 'verifiedIdentity.compareWithDeployed',
            arguments: [{ ...fileArgs, resource: s.match.ref }],
          }
        : s.state === 'several'
          ? { title, tooltip: lensTooltip(s), command: 'verifiedIdentity.compareWithDeployed', arguments: [fileArgs] }
          : { title, tooltip: lensTooltip(s), command: 'verifiedIdentity.checkDrift', arguments: [doc.uri.toString()] };
    return [new vscode.CodeLens(range, command)];
  }

  /** What the lens shows for a file now (tests, Check Drift), without starting a check. */
  current(uri: vscode.Uri): DocumentDrift[] | undefined {
    return this.files.get(uri.toString())?.result;
  }

  /**
   * Checks a file against what is deployed now; resolves with the new result (also shown by the lens). `force`: also
   * with `verifiedIdentity.driftLens` off (Check Drift Against Deployed asks explicitly).
   */
  check(uri: vscode.Uri, force = false): Promise<DocumentDrift[]> {
    const key = uri.toString();
    const previous = this.files.get(key);
    const entry: FileDrift = { generation: this.generation, result: previous?.result, running: undefined };
    this.files.set(key, entry);
    const run = this.compute(uri, force)
      .catch(e => {
        this.log.error(`Drift check of ${uri.toString(true)} failed:`, e);
        return [] as DocumentDrift[];
      })
      .then(result => {
        if (this.files.get(key) === entry && entry.generation === this.generation) {
          entry.result = result;
          entry.running = undefined;
          this.changed.fire();
        }
        return result;
      });
    entry.running = run;
    return run;
  }

  private async payload(uri: vscode.Uri, document: number): Promise<RequestPayload | null> {
    const params: RequestPayloadParams = { uri: this.client.code2ProtocolConverter.asUri(uri), document };
    return this.client.sendRequest<RequestPayload | null>(RequestPayloadRequest, params);
  }

  private async lineOf(uri: vscode.Uri, document: number, input: Obj): Promise<number> {
    const first = Object.keys(input)[0];
    if (!first) return 0;
    const params: RangeOfPathParams = { uri: this.client.code2ProtocolConverter.asUri(uri), path: first, document };
    const found = await this.client.sendRequest<RangeOfPathResult | null>(RangeOfPathRequest, params).catch(() => null);
    return found?.range.start.line ?? 0;
  }

  private async compute(uri: vscode.Uri, force: boolean): Promise<DocumentDrift[]> {
    const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
    if (!this.session.trusted || (!force && !this.enabled(doc))) return [];
    // Not worth starting the language server for a document that is not ours (unless asked: Check Drift).
    if (!this.server.started && !force && !(doc && this.server.isOurs(doc))) return [];
    const listing = await this.session.listing();
    if (!listing) return [];
    await this.server.start('the drift lens needs it');
    const first = await this.payload(uri, 0);
    if (!first) return [];
    const out: DocumentDrift[] = [];
    const cache = new Map<string, ReturnType<typeof bindingCandidates>>();
    for (let i = 0; i < Math.min(first.documents, MAX_DOCUMENTS); i++) {
      const payload = i === 0 ? first : await this.payload(uri, i);
      if (!payload?.input || payload.errors > 0) continue;
      const input = payload.input;
      let state: DriftState;
      try {
        const key = `${payload.kind} ${textOf(input.policyStoreId)}`;
        const shared = payload.kind === 'identity-source' || payload.kind === 'trust-provider';
        const list = (shared && cache.get(key)) || bindingCandidates(listing, payload.kind, input);
        if (shared) cache.set(key, list);
        const bound = boundCandidates(payload.kind, input, await list);
        const diffs =
          bound.length === 1
            ? differences(payload.kind, input, deployedAsRequest(payload.kind, bound[0].deployed))
            : undefined;
        state = driftState(bound, diffs, setsSecret(input));
      } catch (e) {
        const failure = e instanceof AwsCallError ? e.failure : undefined;
        const id = textOf(input.identitySourceId) || textOf(input.VerifiedAccessTrustProviderId);
        state =
          failure?.kind === 'not-found' && id
            ? { state: 'missing', id, where: listing.clients.connection.label }
            : { state: 'error', message: failure?.message ?? (e instanceof Error ? e.message : String(e)) };
      }
      if (state.state === 'unbound') continue;
      out.push({ document: i, line: await this.lineOf(uri, i, input), kind: payload.kind, state });
    }
    const summary = out.map(d => `${d.document + 1}: ${d.state.state}`).join(', ');
    if (out.length) this.log.info(`Drift of ${vscode.workspace.asRelativePath(uri)}: ${summary}`);
    return out;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.files.clear();
  }
}
