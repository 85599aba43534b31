/**
 * Every diagnostic code the service can emit, with its family, default severity and a one-line description. The
 * diagnostics table in `docs/diagnostics.md` is generated from this list (`npm run docs:diagnostics`), and a test
 * checks that nothing emits an unregistered code.
 */
import type { RuleInfo } from './rule-info';
import { SYNTAX_RULES } from './syntax';
import { SHAPE_RULES } from './shape-registry';
import { TEMPLATE_RULES } from './template';
import { TRUST_PROVIDER_RULES } from './trust-provider';
import { TAG_RULES } from './tags';
import { IDENTITY_SOURCE_RULES } from './identity-source';
import { HYGIENE_RULES } from './hygiene';
import { SEMANTIC_RULES } from './semantic';

export type { RuleInfo, Family } from './rule-info';

export const RULES: readonly RuleInfo[] = [
  ...SYNTAX_RULES,
  ...SHAPE_RULES,
  ...TEMPLATE_RULES,
  ...TRUST_PROVIDER_RULES,
  ...TAG_RULES,
  ...IDENTITY_SOURCE_RULES,
  ...HYGIENE_RULES,
  ...SEMANTIC_RULES,
];

const byCode = new Map(RULES.map(r => [r.code, r]));

export function ruleInfo(code: string): RuleInfo | undefined {
  return byCode.get(code);
}
