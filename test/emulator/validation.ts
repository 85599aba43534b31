/**
 * Request validation through the language service (one source of truth for the shape and documented rules), and
 * the mapping of its problems to AVP `ValidationException.fieldList` and to EC2 error codes.
 */
import { createLanguageService, type Kind, type RequestProblem } from '../../server/src/service';

let service: ReturnType<typeof createLanguageService> | undefined;

/** Errors (never warnings) the language service finds in a request given as data. */
export function requestErrors(kind: Kind, input: unknown): RequestProblem[] {
  service ??= createLanguageService({ isLikelyCommitted: () => false });
  return service.validateRequest(kind, input).filter(p => p.severity === 'error');
}

export interface FieldProblem {
  path: string;
  message: string;
}

export const toFieldList = (problems: RequestProblem[]): FieldProblem[] =>
  problems.map(p => ({ path: p.path, message: p.message }));

/** The message AVP puts beside a fieldList. */
export function validationMessage(fields: FieldProblem[]): string {
  const n = fields.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${fields.map(f => f.message).join('; ')}`;
}

/** Conditional rules whose violation EC2 reports as a combination problem. */
const COMBINATION_CODES = new Set([
  'user-type-required',
  'device-type-required',
  'device-options-required',
  'oidc-options-required',
  'tenant-id-required',
  'provider-type-mismatch',
  'identity-center-options',
]);

export type Ec2ValidationCode =
  'MissingParameter' | 'InvalidParameterValue' | 'InvalidParameterCombination' | 'UnknownParameter';

export function ec2CodeOf(problem: RequestProblem): Ec2ValidationCode {
  if (problem.code === 'missing-required') return 'MissingParameter';
  if (problem.code === 'unknown-member') return 'UnknownParameter';
  if (COMBINATION_CODES.has(problem.code)) return 'InvalidParameterCombination';
  return 'InvalidParameterValue';
}

const PRIORITY: Ec2ValidationCode[] = [
  'UnknownParameter',
  'MissingParameter',
  'InvalidParameterValue',
  'InvalidParameterCombination',
];

/** EC2 answers with one error: the first problem of the most basic kind. */
export function firstEc2Problem(
  problems: RequestProblem[],
): { code: Ec2ValidationCode; problem: RequestProblem } | undefined {
  const ranked = problems.map(p => ({ code: ec2CodeOf(p), problem: p }));
  ranked.sort((a, b) => PRIORITY.indexOf(a.code) - PRIORITY.indexOf(b.code));
  return ranked[0];
}
