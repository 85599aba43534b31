/** What a check sees (one document of one file, with its kind) and how it reports findings. */
import type { ParsedDocument, ParsedFile } from '../parse';
import type { KindInfo } from '../model/kinds';
import type { DiagnosticData, Severity } from '../types';
import type { RuleInfo } from './rule-info';

export interface Finding {
  rule: RuleInfo;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  path: string;
  data?: DiagnosticData;
}

export interface CheckOptions {
  /** Whether the file is probably committed to version control (literal-secret warning). */
  likelyCommitted: boolean;
}

export interface ReportExtra {
  data?: DiagnosticData;
  severity?: Severity;
}

/** Where checks put their findings; only registered rules can be reported. */
export interface Reporter {
  readonly file: ParsedFile;
  report(rule: RuleInfo, start: number, end: number, path: string, message: string, extra?: ReportExtra): void;
}

/** Findings of one file, in the order they were reported. */
export class FindingSink implements Reporter {
  readonly findings: Finding[] = [];

  constructor(readonly file: ParsedFile) {}

  report(rule: RuleInfo, start: number, end: number, path: string, message: string, extra: ReportExtra = {}): void {
    this.findings.push({
      rule,
      severity: extra.severity ?? rule.severity,
      message,
      start,
      end: Math.max(end, start),
      path,
      ...(extra.data ? { data: extra.data } : {}),
    });
  }
}

/** A request document of a known kind: what the service's rule families check. */
export class CheckContext extends FindingSink {
  constructor(
    file: ParsedFile,
    readonly doc: ParsedDocument,
    readonly kind: KindInfo,
    readonly options: CheckOptions,
  ) {
    super(file);
  }
}
