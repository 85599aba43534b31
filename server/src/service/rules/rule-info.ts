/** The registry entry of one diagnostic code. */
import type { Severity } from '../types';

export type Family = 'syntax' | 'shape' | 'template' | 'rules' | 'hygiene' | 'semantic';

/**
 * Where a rule's fact comes from. `model` and `documented` rules are errors; `inferred` (our reading, or facts only
 * third parties state) are warnings, as the reference's confidence levels ask.
 */
export type Basis = 'parser' | 'model' | 'documented' | 'vendor-documented' | 'inferred' | 'practice';

export interface RuleInfo {
  code: string;
  family: Family;
  severity: Severity;
  basis: Basis;
  summary: string;
}

export function rule(code: string, family: Family, severity: Severity, basis: Basis, summary: string): RuleInfo {
  return { code, family, severity, basis, summary };
}
