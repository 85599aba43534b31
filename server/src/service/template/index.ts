/**
 * CloudFormation templates (SPEC §9): the analysis behind a template's diagnostics, and what the template editor
 * features build on: the model (`collectTemplate`), per-resource results, `locateInTemplate` (position → resource,
 * property path, shape), `checkResource` (one resource), intrinsic functions and their reading.
 */
export { analyzeTemplateSteps, syntaxFindings, templateDocument } from './analyze';
export { checkResource } from './check';
export { collectTemplate } from './collect';
export {
  getAttParts,
  ifBranches,
  intrinsicOf,
  isDynamicReference,
  isNoValue,
  produces,
  PSEUDO_PARAMETERS,
  subVariables,
  VALUE_FUNCTIONS,
  type Intrinsic,
  type Produces,
} from './intrinsics';
export { locateInTemplate, resourceAt, type TemplateLocation } from './locate';
export type * from './types';
