/** Hover (filled in next). */
import type { AnalyzedFile } from '../service';
import type { Hover, Position } from '../types';

export function hover(_file: AnalyzedFile, _position: Position): Hover | undefined {
  return undefined;
}
