/**
 * Conversions between request files and CloudFormation resources (SPEC §9): request → resource, a template's
 * resource → request, and a deployed resource → resource (Copy as CloudFormation). Pure: plain data and parse trees
 * in, text and notes out.
 */
export { requestToResource } from './to-resource';
export { resourceToRequest } from './to-request';
export { deployedToResource } from './deployed';
export { convertibleResources, templateResourceToRequest, type ResourceSelector } from './template';
export { documentAt, requestDocumentToResource, templateTextToRequest } from './request-file';
export { deriveLogicalId } from './logical-id';
export { renderRequestText, renderResourceText } from './render';
export * from './types';
