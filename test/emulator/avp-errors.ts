/** Verified Permissions error shapes (modeled members, HTTP statuses) and the service front end's unmodeled errors. */
import { ProtocolError } from './types';
import { validationMessage, type FieldProblem } from './validation';

export type ResourceType =
  'IDENTITY_SOURCE' | 'POLICY_STORE' | 'POLICY' | 'POLICY_TEMPLATE' | 'SCHEMA' | 'POLICY_STORE_ALIAS';

/** HTTP status of each modeled error (`smithy.api#httpError`; ValidationException has none, so the client default 400). */
export const AVP_ERROR_STATUS: Readonly<Record<string, number>> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  InternalServerException: 500,
  InvalidStateException: 406,
};

const modeled = (code: string, message: string, members: Record<string, unknown> = {}) =>
  new ProtocolError(code, AVP_ERROR_STATUS[code], message, members);

/** Errors of the AWS front end, not of the service model (the SDK surfaces them by name). */
const coral = (code: string, status: number, message: string) =>
  new ProtocolError(code, status, message, {}, 'com.amazon.coral.service');

export const avpError = {
  validation: (fieldList: FieldProblem[], message = validationMessage(fieldList)) =>
    modeled('ValidationException', message, { fieldList }),
  notFound: (resourceType: ResourceType, resourceId: string, what = resourceType.toLowerCase().replace(/_/g, ' ')) =>
    modeled('ResourceNotFoundException', `The ${what} '${resourceId}' does not exist.`, { resourceId, resourceType }),
  conflict: (message: string, resources: { resourceId: string; resourceType: ResourceType }[]) =>
    modeled('ConflictException', message, { resources }),
  quota: (
    message: string,
    members: { resourceType: ResourceType; resourceId?: string; serviceCode?: string; quotaCode?: string },
  ) => modeled('ServiceQuotaExceededException', message, members),
  invalidState: (message: string) => modeled('InvalidStateException', message),
  throttling: () => modeled('ThrottlingException', 'Rate exceeded', { serviceCode: 'verifiedpermissions' }),
  internal: () =>
    modeled(
      'InternalServerException',
      'The service encountered an internal error (injected by the emulator). Try again.',
    ),
  accessDenied: (message: string) => modeled('AccessDeniedException', message),
  unknownOperation: (target: string) =>
    coral('UnknownOperationException', 400, `The operation '${target}' is not served by the emulator.`),
  serialization: (message: string) => coral('SerializationException', 400, message),
  missingAuth: (message: string) => coral('MissingAuthenticationTokenException', 403, message),
  incompleteSignature: (message: string) => coral('IncompleteSignatureException', 403, message),
  invalidSignature: (message: string) => coral('InvalidSignatureException', 403, message),
};

/** The JSON body of an AVP error: `__type` with the full shape ID, `message`, then the modeled members. */
export function avpErrorBody(error: ProtocolError): Record<string, unknown> {
  return { __type: `${error.namespace}#${error.code}`, message: error.message, ...error.members };
}
