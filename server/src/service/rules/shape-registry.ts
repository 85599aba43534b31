/** The shape family's registry entries: unknown members, types, required members, enums, lengths, patterns, unions. */
import { rule } from './rule-info';

export const R = {
  unknownMember: rule(
    'unknown-member',
    'shape',
    'error',
    'model',
    'A member the request does not have (the SDK drops it silently; names are case-sensitive).',
  ),
  wrongType: rule(
    'wrong-type',
    'shape',
    'error',
    'model',
    'A value of the wrong type: object, list, string, boolean or integer.',
  ),
  cliYamlType: rule(
    'cli-yaml-type',
    'shape',
    'error',
    'parser',
    "A YAML value the AWS CLI's loader reads as another type than YAML 1.2 does, where the request takes a string: a date (`2024-06-01`), a date and time, an integer (`1_000`, `20240601_01`, `-0x1F`), a binary integer (`0b101`), a float (`1_0.5`) or bytes (`!!binary`). Quote it.",
  ),
  missingRequired: rule('missing-required', 'shape', 'error', 'model', 'A required member is missing.'),
  enumValue: rule('enum', 'shape', 'error', 'model', 'A value that is not one of the allowed values.'),
  length: rule('length', 'shape', 'error', 'model', 'A string shorter or longer than the model allows.'),
  pattern: rule(
    'pattern',
    'shape',
    'error',
    'model',
    'A string that does not fully match the pattern the model requires.',
  ),
  listLength: rule(
    'list-length',
    'shape',
    'error',
    'model',
    'A list with fewer or more entries than the model allows.',
  ),
  unionNone: rule(
    'union-none',
    'shape',
    'error',
    'model',
    'A tagged union with no member set: exactly one is required.',
  ),
  unionMultiple: rule(
    'union-multiple',
    'shape',
    'error',
    'model',
    'A tagged union with more than one member set: exactly one is allowed.',
  ),
};

export const SHAPE_RULES = Object.values(R);
