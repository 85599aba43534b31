/** A problem found while parsing, before it is turned into a positioned diagnostic. */
import type { Severity } from '../types';

export interface ParseIssue {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
}
