/** Completion (filled in next). */
import type { AnalyzedFile } from '../service';
import type { CompletionItem, Position } from '../types';

export function complete(_file: AnalyzedFile, _position: Position): CompletionItem[] {
  return [];
}
