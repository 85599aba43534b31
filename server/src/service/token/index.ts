/**
 * Check a token (issue 12): will this identity source accept it, and which Cedar principal does it become?
 *
 *   const s = tokenSourceFromRequest(parsedFile);          // or tokenSourceFromCloudFormation(props, 'LogicalId')
 *   if (s.ok) checkToken(s.source, token, { now: Date.now() });          // offline: signature not checked
 *   if (s.ok) await verifyAndCheckToken(s.source, token, { now, verify }); // verify: the host's JWKS verifier
 *
 * Facts behind every check: test/reference/token-mapping.md.
 */
export { checkToken, checkIds, signatureTarget, verifyAndCheckToken, type VerifySignature } from './check';
export { decodeJwt, normalizeTokenText, MAX_TOKEN_LENGTH, type DecodeResult, type DecodedJwt } from './jwt';
export { tokenSourceFromRequest, tokenSourceFromCloudFormation, memberPath, cognitoIssuer } from './source';
export { DEFAULT_PRINCIPAL_TYPE, DEFAULT_COGNITO_GROUP_TYPE } from './principal';
export type * from './types';
export {
  runTokenCheck,
  verdictLine,
  entityText,
  displayedClaims,
  maskText,
  sourceText,
  STATUS_LABEL,
  TOKEN_TYPE_TEXT,
  type RunCheckOptions,
  type DisplayedClaims,
} from './present';
