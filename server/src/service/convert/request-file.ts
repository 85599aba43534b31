/**
 * The request in a request file (the document at an offset, for a YAML stream) as a CloudFormation resource, and a
 * template's document at an offset. Parse trees in, conversions out.
 */
import { isKind } from '../model/kinds';
import { toJs } from '../parse/ast';
import { formatOf, parseFile, type ParsedDocument, type ParsedFile } from '../parse';
import { LineIndex } from '../parse/line-index';
import type { Position } from '../types';
import { breaksTree, templateResourceToRequest } from './template';
import { requestToResource } from './to-resource';
import type { ConversionError, RequestConversion, RequestOptions, ResourceConversion, ResourceOptions } from './types';

/** The document of a file that holds `offset` (the last one that starts at or before it; the first by default). */
export function documentAt(parsed: Pick<ParsedFile, 'documents'>, offset: number): ParsedDocument | undefined {
  let found = parsed.documents[0];
  for (const d of parsed.documents) if (d.start <= offset) found = d;
  return found;
}

/**
 * `kindOf`: the kind the service gave the document (create or update, from its members and the association); a
 * file kind that is not one of the four request kinds (a template) is refused.
 */
export function requestDocumentToResource(
  parsed: Pick<ParsedFile, 'documents' | 'refusal'>,
  kindOf: (index: number) => string | undefined,
  offset: number,
  options: ResourceOptions,
): ResourceConversion | ConversionError {
  if (parsed.refusal) return { error: 'The file is not checked (too large, binary or nested too deeply).' };
  const doc = documentAt(parsed, offset);
  if (!doc) return { error: 'The file holds no request.' };
  if (breaksTree(doc.issues))
    return { error: 'The request has syntax errors: fix them first, so that nothing is lost in the conversion.' };
  const value = toJs(doc.root);
  const kind = kindOf(doc.index);
  if (kind !== undefined && !isKind(kind))
    return { error: 'Convert to CloudFormation Resource works on request files (identity sources, trust providers).' };
  if (value === null || typeof value !== 'object' || Array.isArray(value) || kind === undefined)
    return { error: 'The document is not a request: it needs to be a mapping of members.' };
  return requestToResource(value as Record<string, unknown>, kind, options);
}

/**
 * A template given as text (one the service does not analyze, or not as a template): parsed here as a template (YAML
 * short forms become the long form, as wherever templates are read), the document at the position taken, the
 * resource there (or `logicalId`) converted.
 */
export function templateTextToRequest(
  doc: { uri: string; text: string; languageId?: string },
  at: { position: Position } | { logicalId: string },
  options: RequestOptions,
): RequestConversion | ConversionError {
  const lines = new LineIndex(doc.text);
  const parsed = parseFile(doc.uri, doc.text, formatOf(doc.uri, doc.languageId, doc.text), lines, 'cloudformation');
  if (parsed.refusal) return { error: 'The file is not checked (too large, binary or nested too deeply).' };
  const offset = 'position' in at ? lines.offsetAt(at.position) : 0;
  const document = documentAt(parsed, offset);
  if (!document) return { error: 'The file is empty.' };
  return templateResourceToRequest(document, 'position' in at ? { offset } : at, options);
}
