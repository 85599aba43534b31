/** Semantic: checks against facts outside the file (the policy store's Cedar schema, the issuer's OIDC discovery). */
import type { RuleInfo } from './rule-info';

export const SEMANTIC_RULES: RuleInfo[] = [];
