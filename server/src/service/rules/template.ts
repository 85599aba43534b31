/**
 * Codes that only CloudFormation templates have: what CloudFormation itself rejects in the `Properties` of the three
 * resource types (read-only properties, references that name nothing, intrinsic functions that cannot produce the
 * property's type), YAML values CloudFormation reads as booleans, and a literal client secret. Their checks live in
 * `template/`; the facts behind them are in `test/reference/cloudformation/intrinsics.md`.
 */
import { rule } from './rule-info';

export const R = {
  readOnly: rule(
    'cfn-read-only-property',
    'template',
    'error',
    'documented',
    'A property the registry schema lists as read-only (such as `IdentitySourceId` or `CreationTime`): CloudFormation sets it, a template cannot; read it with `Ref` or `Fn::GetAtt`.',
  ),
  unresolved: rule(
    'cfn-unresolved-reference',
    'template',
    'error',
    'documented',
    'A `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `Fn::If` condition or `Fn::FindInMap` map that names nothing in the template (no parameter, resource, condition, mapping or pseudo parameter of that name): CloudFormation rejects the template ("Unresolved resource dependencies"). Not reported when a `Transform` (SAM, a macro) may add the name.',
  ),
  unknownAttribute: rule(
    'cfn-unknown-attribute',
    'template',
    'error',
    'documented',
    '`Fn::GetAtt` of an identity source, trust provider or policy store in the template with an attribute the type does not have ("does not support attribute type … in Fn::GetAtt").',
  ),
  intrinsicType: rule(
    'cfn-intrinsic-type',
    'template',
    'error',
    'documented',
    'An intrinsic function that cannot produce a value of the property: a list (`Fn::Split`, `Fn::GetAZs`, `Ref` of a list parameter) where a string goes, a string (`Fn::Join`, `Fn::Sub`, `Ref`) where a list or an object goes.',
  ),
  yamlBoolean: rule(
    'cfn-yaml-boolean',
    'template',
    'warning',
    'documented',
    'An unquoted `yes`, `no`, `on` or `off` (any case) where a string goes: CloudFormation reads YAML 1.1, takes it for a boolean and passes "true" or "false". An error when that value is not allowed (`Mode: OFF` becomes "false"); quote it.',
  ),
  literalSecret: rule(
    'cfn-literal-secret',
    'template',
    'warning',
    'practice',
    'A literal `ClientSecret` in a template that is likely committed: use a dynamic reference (`{{resolve:secretsmanager:…}}`) or a `NoEcho` parameter.',
  ),
};

export const TEMPLATE_RULES = Object.values(R);
