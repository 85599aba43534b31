/**
 * Syntax: JSON/YAML parse errors, duplicate keys, unsupported YAML, what the AWS CLI cannot read although JSON or
 * YAML 1.2 allows it, and files refused before checking.
 */
import { rule } from './rule-info';

export const R = {
  syntax: rule(
    'syntax',
    'syntax',
    'error',
    'parser',
    'The file is not valid JSON (strict, as the AWS CLI reads it) or YAML 1.2.',
  ),
  duplicateKey: rule(
    'duplicate-key',
    'syntax',
    'error',
    'parser',
    'A member appears twice in the same object. YAML: the AWS CLI rejects the file. JSON (a warning): the AWS CLI sends the last value and ignores the others. In a CloudFormation template (a warning): what CloudFormation makes of it is undefined.',
  ),
  yamlTag: rule(
    'yaml-tag',
    'syntax',
    'error',
    'parser',
    'A YAML tag such as `!Ref` that the AWS CLI does not understand; in a CloudFormation template, a tag that is not the short form of an intrinsic function, or a standard tag CloudFormation does not support (`!!binary`, `!!timestamp`, `!!set`, `!!omap`, `!!pairs`).',
  ),
  cliYamlUnreadable: rule(
    'cli-yaml-unreadable',
    'syntax',
    'error',
    'parser',
    "YAML that the AWS CLI's loader cannot read although YAML 1.2 allows it, so `--cli-input-yaml` rejects the file: a tab outside quotes, block scalars and comments; a plain `=` or `<<` value; a value that looks like a date or number but is none (`2024-02-30`, `0b_`); a tagged value its type cannot take (`!!int x`); a merge of something that is not a mapping; a `%YAML` version other than 1.1 or 1.2.",
  ),
  cliYamlStream: rule(
    'cli-yaml-stream',
    'syntax',
    'warning',
    'parser',
    'A YAML file with more than one document. Each one is checked and can be applied from the editor, but `aws … --cli-input-yaml` reads files of one document only ("expected a single document in the stream"). Reported once, where the second document starts.',
  ),
  cliJsonBom: rule(
    'cli-json-bom',
    'syntax',
    'error',
    'parser',
    'A JSON file that starts with a UTF-8 byte-order mark: the AWS CLI rejects it ("Invalid JSON received"). The rest of the file is still checked. (A BOM is fine in YAML.)',
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
  cfnYamlAlias: rule(
    'cfn-yaml-alias',
    'syntax',
    'warning',
    'documented',
    'A YAML alias (`*name`) or merge key (`<<`) in a CloudFormation template: CloudFormation rejects them ("YAML aliases are not allowed in CloudFormation templates"); only `aws cloudformation package` and AWS SAM resolve them before deploying.',
  ),
};

export const SYNTAX_RULES = Object.values(R);

const byCode = new Map(SYNTAX_RULES.map(r => [r.code, r]));
/** Parse issues carry their code as text; this maps it back to the registry entry. */
export function syntaxRule(code: string) {
  return byCode.get(code) ?? R.syntax;
}
