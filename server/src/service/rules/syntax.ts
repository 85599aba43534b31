/** Syntax: JSON/YAML parse errors, duplicate keys, unsupported YAML, and files refused before checking. */
import { rule } from './rule-info';

export const R = {
  syntax: rule(
    'syntax',
    'syntax',
    'error',
    'parser',
    'The file is not valid JSON (strict, as the AWS CLI reads it) or YAML 1.2.',
  ),
  duplicateKey: rule('duplicate-key', 'syntax', 'error', 'parser', 'A member appears twice in the same object.'),
  yamlTag: rule(
    'yaml-tag',
    'syntax',
    'error',
    'parser',
    'A YAML tag such as `!Ref` that the AWS CLI does not understand.',
  ),
  empty: rule('empty-document', 'syntax', 'error', 'model', 'The file or YAML document holds no request.'),
  tooLarge: rule('too-large', 'syntax', 'error', 'practice', 'The file is over the size limit and was not checked.'),
  binary: rule('binary', 'syntax', 'error', 'practice', 'The file contains binary data and was not checked.'),
  tooDeep: rule(
    'too-deep',
    'syntax',
    'error',
    'practice',
    'Objects or lists nest deeper than any request can, and were not checked.',
  ),
  aliasLimit: rule(
    'alias-limit',
    'syntax',
    'error',
    'practice',
    'YAML aliases expand the document past the limit (an alias bomb); the rest was not expanded.',
  ),
  tooMany: rule('too-many-problems', 'syntax', 'warning', 'practice', 'More problems than are reported per file.'),
};

export const SYNTAX_RULES = Object.values(R);

const byCode = new Map(SYNTAX_RULES.map(r => [r.code, r]));
/** Parse issues carry their code as text; this maps it back to the registry entry. */
export function syntaxRule(code: string) {
  return byCode.get(code) ?? R.syntax;
}
