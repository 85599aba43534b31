/**
 * New Configuration File…: pick a template (from the server: `verifiedIdentity/templates`), pick JSON or YAML, and
 * the file is created right away — in the folder of the active file when it lies in the workspace, else in the first
 * workspace folder — under a free name (`oidc.trust-provider.yaml`, `oidc-2.trust-provider.yaml`, …), then opened.
 * No save dialog. Without a workspace folder it opens as an untitled document with that name.
 *
 * Arguments (optional, for tests and links): `{ template: id, format: 'json' | 'yaml', folder: Uri | string }`.
 */
import * as vscode from 'vscode';
import { TemplatesRequest, type TemplateInfo } from '../../../server/src/protocol';
import type { ExtensionCtx } from '../context';

type Format = 'json' | 'yaml';

interface NewFileArgs {
  template?: string;
  format?: Format;
  folder?: vscode.Uri;
}

function parseArgs(raw: unknown): NewFileArgs {
  if (raw === null || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const folder =
    r.folder instanceof vscode.Uri ? r.folder : typeof r.folder === 'string' ? vscode.Uri.parse(r.folder) : undefined;
  return {
    template: typeof r.template === 'string' ? r.template : undefined,
    format: r.format === 'json' || r.format === 'yaml' ? r.format : undefined,
    folder,
  };
}

const GROUPS: Record<TemplateInfo['base'], string> = {
  'identity-source': 'Identity sources',
  'trust-provider': 'Trust providers',
};

async function pickTemplate(templates: TemplateInfo[]): Promise<TemplateInfo | undefined> {
  type Item = vscode.QuickPickItem & { template?: TemplateInfo };
  const items: Item[] = [];
  for (const base of Object.keys(GROUPS) as TemplateInfo['base'][]) {
    const group = templates.filter(t => t.base === base);
    if (group.length === 0) continue;
    items.push({ label: GROUPS[base], kind: vscode.QuickPickItemKind.Separator });
    for (const t of group)
      items.push({ label: t.label, description: t.fileName.yaml, detail: t.description, template: t });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'New Verified Identity Configuration File',
    placeHolder: 'Which request should the file hold?',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.template;
}

async function pickFormat(): Promise<Format | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'YAML', description: 'aws … --cli-input-yaml file://…', format: 'yaml' as const },
      { label: 'JSON', description: 'aws … --cli-input-json file://…', format: 'json' as const },
    ],
    { title: 'New Verified Identity Configuration File', placeHolder: 'File format' },
  );
  return picked?.format;
}

/** Where the file goes: the active file's folder when it is inside the workspace, else the first workspace folder. */
function targetFolder(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active))
    return vscode.Uri.joinPath(active, '..');
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return vscode.workspace.textDocuments.some(d => d.uri.toString() === uri.toString());
  }
}

/** `oidc.trust-provider.yaml`, else `oidc-2.trust-provider.yaml`, `oidc-3.…`. */
export async function freeName(
  folder: vscode.Uri,
  fileName: string,
  taken: (uri: vscode.Uri) => Promise<boolean> = exists,
): Promise<vscode.Uri> {
  const dot = fileName.indexOf('.');
  const stem = dot < 0 ? fileName : fileName.slice(0, dot);
  const rest = dot < 0 ? '' : fileName.slice(dot);
  for (let i = 1; i < 1000; i++) {
    const uri = vscode.Uri.joinPath(folder, `${i === 1 ? stem : `${stem}-${i}`}${rest}`);
    if (!(await taken(uri))) return uri;
  }
  throw new Error(`No free file name for ${fileName} in ${folder.fsPath}.`);
}

export async function newConfigurationFile(ctx: ExtensionCtx, rawArgs?: unknown): Promise<vscode.Uri | undefined> {
  const args = parseArgs(rawArgs);
  await ctx.ready;
  const templates = await ctx.client.sendRequest<TemplateInfo[]>(TemplatesRequest, {});
  if (!Array.isArray(templates) || templates.length === 0) throw new Error('The language server offered no templates.');

  const template = args.template ? templates.find(t => t.id === args.template) : await pickTemplate(templates);
  if (!template) {
    if (args.template) throw new Error(`Unknown template "${args.template}".`);
    return undefined;
  }
  const format = args.format ?? (await pickFormat());
  if (!format) return undefined;

  const text = template.text[format];
  const folder = args.folder ?? targetFolder();
  let uri: vscode.Uri;
  if (folder) {
    uri = await freeName(folder, template.fileName[format]);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  } else {
    // No folder to write to: an untitled document whose name still carries the association.
    const home = process.env.HOME ?? process.env.USERPROFILE ?? '/';
    uri = (await freeName(vscode.Uri.file(home), template.fileName[format])).with({ scheme: 'untitled' });
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), text);
    await vscode.workspace.openTextDocument(uri);
    await vscode.workspace.applyEdit(edit);
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  ctx.log.info(`New configuration file from template ${template.id}: ${uri.toString(true)}`);
  return uri;
}
