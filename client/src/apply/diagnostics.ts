/**
 * Errors AWS reported about a file, as diagnostics in it (collection `verified-identity-aws`): each
 * `ValidationException.fieldList` entry or EC2 parameter error sits on the node its member path names (found by the
 * language server, `verifiedIdentity/rangeOfPath`). They stay until the file changes or the next apply of it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RangeOfPathRequest, type RangeOfPathParams, type RangeOfPathResult } from '../../../server/src/protocol';
import type { AwsFailure } from '../aws/errors';

export const AWS_DIAGNOSTICS = 'verified-identity-aws';

export class AwsDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(AWS_DIAGNOSTICS);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly client: LanguageClient) {
    this.subscription = vscode.workspace.onDidChangeTextDocument(e => {
      if (e.contentChanges.length > 0 && this.collection.has(e.document.uri)) this.collection.delete(e.document.uri);
    });
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  private async rangeOf(uri: vscode.Uri, path: string, document: number): Promise<RangeOfPathResult | null> {
    const params: RangeOfPathParams = { uri: this.client.code2ProtocolConverter.asUri(uri), path, document };
    try {
      return await this.client.sendRequest<RangeOfPathResult | null>(RangeOfPathRequest, params);
    } catch {
      return null;
    }
  }

  /** Puts the failure's field errors (or the failure itself, when it names no member) into the file. */
  async report(uri: vscode.Uri, document: number, failure: AwsFailure): Promise<vscode.Diagnostic[]> {
    const fields = failure.fields.length ? failure.fields : [{ path: '', message: failure.message }];
    const out: vscode.Diagnostic[] = [];
    for (const f of fields.slice(0, 50)) {
      const found = await this.rangeOf(uri, f.path, document);
      const r = found?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
      const where = f.path && found && !found.exact ? ` (${f.path})` : '';
      const d = new vscode.Diagnostic(
        range,
        `${f.message || failure.serviceMessage}${where}`,
        vscode.DiagnosticSeverity.Error,
      );
      d.source = `AWS ${failure.action}`;
      d.code = failure.code;
      out.push(d);
    }
    this.collection.set(uri, out);
    return out;
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
