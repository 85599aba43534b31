/** Identity source rules beyond the model: Cedar type syntax of `principalEntityType`. */
import { getValue, isObject, type Node } from '../parse/ast';
import type { CheckContext } from './context';
import { quote } from './describe';
import { rule } from './rule-info';

export const R = {
  principalType: rule(
    'principal-entity-type',
    'rules',
    'warning',
    'inferred',
    '`principalEntityType` accepts any line in the model, but Cedar entity types are names such as `MyCorp::User`.',
  ),
};

export const IDENTITY_SOURCE_RULES = Object.values(R);

const CEDAR_TYPE = /^([_a-zA-Z][_a-zA-Z0-9]*::)*[_a-zA-Z][_a-zA-Z0-9]*$/;

export function checkIdentitySource(ctx: CheckContext, root: Node): void {
  if (!isObject(root)) return;
  const v = getValue(root, 'principalEntityType');
  if (v?.type === 'string' && v.value !== '' && !CEDAR_TYPE.test(v.value as string)) {
    ctx.report(
      R.principalType,
      v.start,
      v.end,
      'principalEntityType',
      `'principalEntityType' ${quote(v.value as string)} is not a Cedar entity type name (identifiers joined by '::', such as MyCorp::User); policies could never refer to it.`,
    );
  }
}
