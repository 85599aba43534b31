/**
 * Shared by the template tests: a template around given resources (YAML, with parameters and a condition), a policy
 * store resource, and the diagnostics of a template in short forms.
 */
import type { Diagnostic } from '../../server/src/service';
import { analyze, service } from './helpers';

export const diagnose = (name: string, text: string): Diagnostic[] => service.validate(analyze(name, text));
export const summary = (ds: Diagnostic[]): unknown[][] => ds.map(d => [d.code, d.path, d.message]).sort();
export const codes = (ds: Diagnostic[]): unknown[][] => ds.map(d => [d.code, d.path]);

/** A template holding the given resources (YAML), after a header with parameters and a condition. */
export const template = (resources: string): string =>
  `Parameters:\n  Name:\n    Type: String\n  List:\n    Type: CommaDelimitedList\nConditions:\n  IsProd: !Equals [!Ref AWS::StackName, prod]\nResources:\n${resources}`;

export const STORE = `  Store:\n    Type: AWS::VerifiedPermissions::PolicyStore\n    Properties:\n      ValidationSettings:\n        Mode: STRICT\n`;
