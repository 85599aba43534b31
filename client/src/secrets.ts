/**
 * Secret references (`${secret:NAME}`, see server/src/service/secrets.ts) and where their values live: VS Code
 * SecretStorage, under `verifiedIdentity.secret.<NAME>`. The apply commands call `resolveSecretReferences` on a
 * request right before it goes to AWS; the resolved values never go back into a file, a diagnostic or the log.
 */
import type * as vscode from 'vscode';
import { SECRET_REFERENCE, secretReference } from '../../server/src/service/secrets';

export const SECRET_KEY_PREFIX = 'verifiedIdentity.secret.';

/** A valid reference name: the name part of `SECRET_REFERENCE`. */
export const SECRET_NAME = /^[A-Za-z0-9._/-]{1,128}$/;

export function secretKey(name: string): string {
  return `${SECRET_KEY_PREFIX}${name}`;
}

export class MissingSecretError extends Error {
  constructor(
    readonly reference: string,
    readonly path: string,
  ) {
    super(
      `The secret reference ${reference}${path ? ` at ${path}` : ''} has no value in this machine's secret storage. ` +
        `Put the literal value in the file and use the quick fix "Move secret to secret storage", then try again.`,
    );
    this.name = 'MissingSecretError';
  }
}

export interface ResolvedRequest<T> {
  /** A copy of the input with every reference replaced by its value. */
  value: T;
  /** The secret values used (hand them to the logger's `addSecret` so they are redacted everywhere). */
  secrets: string[];
  /** Member paths that held a reference. */
  paths: string[];
}

/**
 * Replaces every string that is exactly a `${secret:NAME}` reference with the value from SecretStorage. Fails with
 * `MissingSecretError` naming the first reference that has no value. The input is not modified.
 */
export async function resolveSecretReferences<T>(
  input: T,
  secrets: Pick<vscode.SecretStorage, 'get'>,
): Promise<ResolvedRequest<T>> {
  const found: string[] = [];
  const paths: string[] = [];
  const walk = async (v: unknown, path: string): Promise<unknown> => {
    if (typeof v === 'string') {
      const name = SECRET_REFERENCE.exec(v)?.[1];
      if (name === undefined) return v;
      const value = await secrets.get(secretKey(name));
      if (value === undefined || value === '') throw new MissingSecretError(secretReference(name), path);
      found.push(value);
      paths.push(path);
      return value;
    }
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) out.push(await walk(v[i], `${path}[${i}]`));
      return out;
    }
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>))
        out[k] = await walk(x, path ? `${path}.${k}` : k);
      return out;
    }
    return v;
  };
  const value = (await walk(input, '')) as T;
  return { value, secrets: found, paths };
}
