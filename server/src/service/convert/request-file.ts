/**
 * The request in a request file (the document at an offset, for a YAML stream) as a CloudFormation resource, and a
 * template's document at an offset. Parse trees in, conversions out.
 */
import { toJs } from '../parse/ast';
import type { ParsedDocument, ParsedFile } from '../parse';
import type { Kind } from '../types';
import { breaksTree } from './template';
import { requestToResource } from './to-resource';
import type { ConversionError, ResourceConversion, ResourceOptions } from './types';

/** The document of a file that holds `offset` (the last one that starts at or before it; the first by default). */
export function documentAt(parsed: Pick<ParsedFile, 'documents'>, offset: number): ParsedDocument | undefined {
  let found = parsed.documents[0];
  for (const d of parsed.documents) if (d.start <= offset) found = d;
  return found;
}

/** `kindOf`: the kind the service gave the document (create or update, from its members and the association). */
export function requestDocumentToResource(
  parsed: Pick<ParsedFile, 'documents' | 'refusal'>,
  kindOf: (index: number) => Kind | undefined,
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
  if (value === null || typeof value !== 'object' || Array.isArray(value) || kind === undefined)
    return { error: 'The document is not a request: it needs to be a mapping of members.' };
  return requestToResource(value as Record<string, unknown>, kind, options);
}
