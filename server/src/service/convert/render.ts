/**
 * Requests and resources as file text: 2-space JSON, or YAML without line folding. YAML strings are double-quoted
 * where the reader would take them for something else when plain: for request files the AWS CLI's loader
 * (`2024-06-01` a date, `20240601_01` an integer), for templates CloudFormation's YAML 1.1 reader (`yes`, `off`) as
 * well as YAML 1.2 (`0o17`).
 */
import { Document, isScalar, parseDocument, visit } from 'yaml';
import { readScalar } from '../parse/cli-yaml';
import type { Format } from '../types';

/** A request file's text, for `--cli-input-json` / `--cli-input-yaml`. */
export function renderRequestText(body: Record<string, unknown>, format: Format): string {
  if (format === 'json') return `${JSON.stringify(body, null, 2)}\n`;
  const doc = new Document(body);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && readScalar(node.value, true, undefined, '1.2')?.type !== 'string')
        node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** Whether YAML 1.2 reads `s`, written plain, as exactly this string. */
function plainIsString(s: string): boolean {
  if (s.includes('\n') || s !== s.trim()) return true; // the library picks a quoted or block style for these
  const doc = parseDocument(s, { version: '1.2', logLevel: 'silent' });
  // Not readable as a single scalar at all: the library quotes it by itself.
  if (doc.errors.length > 0) return true;
  return isScalar(doc.contents) && doc.contents.value === s;
}

/** A value for a template, in CloudFormation's YAML (read as YAML 1.1 with YAML 1.2 numbers) or JSON. */
function renderTemplateValue(value: Record<string, unknown>, format: Format): string {
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  const doc = new Document(value, { version: '1.1' });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && !plainIsString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}

export interface ResourceBody {
  Type: string;
  Properties: Record<string, unknown>;
}

/**
 * One resource as text: the entry alone (`Id:` and its body in YAML, `"Id": {…}` in JSON, to paste under
 * `Resources`), or a whole template holding it.
 */
export function renderResourceText(
  logicalId: string,
  resource: ResourceBody,
  format: Format,
  wrap: 'resource' | 'template',
): string {
  const entry = { [logicalId]: resource };
  if (wrap === 'template')
    return renderTemplateValue({ AWSTemplateFormatVersion: '2010-09-09', Resources: entry }, format);
  const text = renderTemplateValue(entry, format);
  if (format === 'yaml') return text;
  // The member without the braces around it, at the left margin.
  const lines = text.trimEnd().split('\n').slice(1, -1);
  return `${lines.map(l => l.slice(2)).join('\n')}\n`;
}
