/**
 * Whether Check a Token… verifies signatures, and with what: only in a trusted workspace with
 * `verifiedIdentity.onlineChecks` on, through the fenced verifier (server/src/host/jwt-verify.ts) with the user-level
 * `verifiedIdentity.allowLoopback`. Otherwise the signature check says why it was not made. The verifier (and its
 * 5-minute key cache) is kept for the session and made anew when `allowLoopback` changes.
 */
import * as vscode from 'vscode';
import { createJwtVerifier, type JwtVerifier } from '../../../server/src/host/jwt-verify';
import type { VerifySignature } from '../../../server/src/service/token';
import { readSettings, userLevelSettings } from '../config';

let current: { allowLoopback: boolean; verifier: JwtVerifier } | undefined;

export const RESTRICTED_REASON = 'the workspace is in Restricted Mode, where nothing is fetched';
export const OFFLINE_REASON =
  "online checks are off: turn on verifiedIdentity.onlineChecks to verify it with the issuer's published keys";

export function signatureVerifier(scope: vscode.Uri | undefined): { verify?: VerifySignature; offlineReason?: string } {
  if (!vscode.workspace.isTrusted) return { offlineReason: RESTRICTED_REASON };
  if (!readSettings(scope).onlineChecks) return { offlineReason: OFFLINE_REASON };
  const { allowLoopback } = userLevelSettings();
  if (current?.allowLoopback !== allowLoopback)
    current = {
      allowLoopback,
      verifier: createJwtVerifier({
        allowLoopback,
        loopbackHint: 'the user setting verifiedIdentity.allowLoopback is on',
        userAgent: 'verified-identity',
      }),
    };
  return { verify: current.verifier };
}

/** Forgets cached key sets (Refresh Schema and Discovery Checks). */
export function clearVerifierCache(): void {
  current?.verifier.clear();
}
