/**
 * The status-bar item `$(cloud) profile · region` (click: Select Profile). Hidden in Restricted Mode; says so when
 * no profile is set up, and when the region fell back to us-east-1.
 */
import * as vscode from 'vscode';
import type { AwsSession, SessionState } from './session';

export interface ConnectionStatus extends vscode.Disposable {
  readonly text: string | undefined;
  update(state: SessionState): void;
}

export function createConnectionStatus(session: AwsSession): ConnectionStatus {
  const item = vscode.window.createStatusBarItem('verifiedIdentity.connection', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Verified Identity: AWS profile and region';
  item.command = 'verifiedIdentity.selectProfile';
  let text: string | undefined;
  const update = (state: SessionState) => {
    if (!state.trusted) {
      text = undefined;
      item.hide();
      return;
    }
    const c = state.connection;
    if (!c) {
      text = '$(cloud) No AWS profile';
      item.tooltip =
        'Verified Identity: choose an AWS profile to browse and deploy identity sources and trust providers.';
    } else {
      text = `$(cloud) ${c.label}`;
      const endpoints = [
        c.endpoints.verifiedPermissions && `Verified Permissions: ${c.endpoints.verifiedPermissions}`,
        c.endpoints.ec2 && `EC2: ${c.endpoints.ec2}`,
      ].filter(Boolean);
      item.tooltip = new vscode.MarkdownString(
        `**Verified Identity** — AWS profile \`${c.profile ?? 'default credential chain'}\`, region \`${c.region}\`` +
          (c.regionSource === 'fallback' ? ' (the profile sets no region: using us-east-1)' : '') +
          (endpoints.length ? `\n\nEndpoints: ${endpoints.join(', ')}` : '') +
          '\n\nClick to select another profile.',
      );
    }
    item.text = text;
    item.show();
  };
  const sub = session.onDidChange(update);
  void session.state().then(update);
  return {
    get text() {
      return text;
    },
    update,
    dispose: () => {
      sub.dispose();
      item.dispose();
    },
  };
}
