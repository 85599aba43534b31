/** Public API of the pure language service. */
export { createLanguageService } from './service';
export type {
  LanguageService,
  AnalyzedFile,
  DocumentInput,
  AnalyzeOptions,
  ServiceHost,
  ServiceSettings,
  RequestFile,
  RequestProblem,
  Template,
} from './service';
export { isRequestFile } from './service';
export type { TemplateAnalysis, TemplateResource, ResourceResult, TemplateModel } from './template/types';
export type {
  CedarEngine,
  CedarSchemaSource,
  FetchJsonResult,
  LiveLookup,
  LiveLookupResult,
  SemanticHost,
} from './semantic/host';
export { clearDiscoveryCache } from './semantic/oidc';
export { requestFromDeployed, compareWithDeployed, type Difference } from './deployed';
export {
  deployedToResource,
  requestDocumentToResource,
  requestToResource,
  resourceToRequest,
  templateResourceToRequest,
  templateTextToRequest,
  documentAt,
  isConversionError,
  type ConversionError,
  type RequestConversion,
  type ResourceConversion,
  type RequestOptions,
  type ResourceOptions,
} from './convert';
export * from './types';
export { ALL_KINDS, BASE_KINDS, KINDS, isKind, isBaseKind } from './model/kinds';
export {
  DEFAULT_ASSOCIATIONS,
  associate,
  associateByName,
  mayBeOurs,
  mentionsTemplateTypes,
  modelineKind,
  pathOf,
} from './association';
export { templateText, templateFileName, templateSnippet } from './features/templates';
export { secretReferenceName, secretReference, SECRET_REFERENCE } from './secrets';
export { LIMITS } from './parse/limits';
export * from './token';
