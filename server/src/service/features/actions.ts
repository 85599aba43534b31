/** Code actions (filled in next). */
import type { AnalyzedFile } from '../service';
import type { CodeAction, Diagnostic, Range } from '../types';

export function codeActions(_file: AnalyzedFile, _range: Range, _diagnostics: Diagnostic[]): CodeAction[] {
  return [];
}
