/**
 * Helpers for the AWS suites in the real VS Code: the emulator started by test/vscode/setup.mjs (its control API at
 * VI_EMULATOR_URL), prompts the tests answer (the test driver cancels modal dialogs), and tree browsing through the
 * extension's own tree data providers.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { PickItem, Prompts } from '../../client/src/apply/prompts';
import type { VerifiedIdentityApi } from '../../client/src/extension';
import type { TreeNode } from '../../client/src/views/node';
import type { ResourceTreeProvider } from '../../client/src/views/provider';
import { extensionApi } from './editor.helpers';

export function emulatorUrl(): string {
  const url = process.env.VI_EMULATOR_URL;
  if (!url) throw new Error('VI_EMULATOR_URL is not set: test/vscode/setup.mjs starts the emulator for this suite');
  return url;
}

/** A call to the emulator's control API (`/__emulator/…`). */
export async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${emulatorUrl()}/__emulator/${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} /__emulator/${path}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface EmulatorState {
  policyStores: { policyStoreId: string; description?: string }[];
  identitySources: {
    identitySourceId: string;
    policyStoreId: string;
    principalEntityType: string;
    configuration: Record<string, Record<string, unknown>>;
  }[];
  trustProviders: {
    VerifiedAccessTrustProviderId: string;
    PolicyReferenceName?: string;
    Description?: string;
    OidcOptions?: Record<string, string>;
  }[];
}

export const emulatorState = () => control<EmulatorState>('GET', 'state');
export const resetEmulator = () => control('POST', 'reset', {});
export const injectFault = (fault: { operation?: string; kind: string; count?: number }) =>
  control('POST', 'faults', fault);
export const clearFaults = () => control('DELETE', 'faults', {});

/** Prompts that record what was asked and answer as the test says. */
export class TestPrompts implements Prompts {
  confirms: { message: string; detail: string; action: string }[] = [];
  notifications: { severity: string; message: string; actions: string[] }[] = [];
  picks: string[] = [];
  answer = true;
  pickIndex = 0;

  confirm(message: string, detail: string, action: string): Promise<boolean> {
    this.confirms.push({ message, detail, action });
    return Promise.resolve(this.answer);
  }
  pick<T>(items: PickItem<T>[], placeHolder: string): Promise<T | undefined> {
    this.picks.push(placeHolder);
    return Promise.resolve(items[this.pickIndex]?.value);
  }
  input(_prompt: string, value: string): Promise<string | undefined> {
    return Promise.resolve(value);
  }
  notify(severity: 'info' | 'warning' | 'error', message: string, actions: string[]): Promise<string | undefined> {
    this.notifications.push({ severity, message, actions });
    return Promise.resolve(undefined);
  }
}

/** The API with test prompts installed and the session connected to the emulator; `restore()` undoes it. */
export async function awsApi(): Promise<{ api: VerifiedIdentityApi; prompts: TestPrompts; restore: () => void }> {
  const api = await extensionApi();
  const original = api.aws.prompts;
  const prompts = new TestPrompts();
  api.aws.prompts = prompts;
  return {
    api,
    prompts,
    restore: () => {
      api.aws.prompts = original;
    },
  };
}

export type Provider = Pick<ResourceTreeProvider, 'getTreeItem' | 'getChildren'>;

export interface Shown {
  node: TreeNode;
  item: vscode.TreeItem;
  label: string;
  description: string;
}

export function shown(provider: Provider, node: TreeNode): Shown {
  const item = provider.getTreeItem(node);
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  const description = typeof item.description === 'string' ? item.description : '';
  return { node, item, label, description };
}

/** The children of `node` (the roots without it) as they would be shown. */
export async function children(provider: Provider, node?: TreeNode): Promise<Shown[]> {
  return (await provider.getChildren(node)).map(n => shown(provider, n));
}

export function find(list: Shown[], label: string | RegExp): Shown {
  const hit = list.find(s => (typeof label === 'string' ? s.label === label : label.test(s.label)));
  assert.ok(hit, `no node ${String(label)} among ${list.map(s => s.label).join(' | ')}`);
  return hit;
}

/** Details under a resource node, as `name → value`. */
export async function details(provider: Provider, node: TreeNode): Promise<Record<string, string>> {
  return Object.fromEntries((await children(provider, node)).map(s => [s.label, s.description]));
}
