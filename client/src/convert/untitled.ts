/**
 * A new, unsaved document for a conversion's result, named so that the server associates it (`Okta.identity-source.yaml`,
 * `OktaTrustProvider.template.yaml`) and never over a name in use: beside the source file when it has a folder, else
 * in the first workspace folder.
 */
import * as vscode from 'vscode';
import { freeName } from '../commands/new-file';

async function taken(uri: vscode.Uri): Promise<boolean> {
  if (vscode.workspace.textDocuments.some(d => d.uri.path === uri.path)) return true;
  try {
    await vscode.workspace.fs.stat(uri.with({ scheme: 'file' }));
    return true;
  } catch {
    return false;
  }
}

function folderFor(source: vscode.Uri | undefined): vscode.Uri {
  if (source?.scheme === 'file') return vscode.Uri.joinPath(source, '..');
  return (
    vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.env.HOME ?? process.env.USERPROFILE ?? '/')
  );
}

export async function openUntitled(source: vscode.Uri | undefined, name: string, text: string): Promise<vscode.Uri> {
  const uri = (await freeName(folderFor(source), name, taken)).with({ scheme: 'untitled' });
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), text);
  await vscode.workspace.applyEdit(edit);
  await vscode.window.showTextDocument(doc, { preview: false });
  return uri;
}
