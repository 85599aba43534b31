/** The semantic checks of a file: Cedar schema and OIDC discovery, run asynchronously with the host's I/O. */
import type { AnalyzedFile } from '../service';
import type { Diagnostic } from '../types';
import { findingsToDiagnostics } from '../validate';
import { cedarFindings, parseSchema, policyStoreIdOf } from './cedar';
import type { SemanticHost } from './host';
import { oidcFindings } from './oidc';

export async function semanticDiagnostics(
  file: AnalyzedFile,
  host: SemanticHost,
  signal?: AbortSignal,
): Promise<Diagnostic[]> {
  if (file.parsed.refusal) return [];
  const out: Diagnostic[] = [];
  for (const res of file.results()) {
    if (signal?.aborted) break;
    const doc = file.parsed.documents[res.index]; // a document's index is its position
    if (!doc?.root || doc.root.type !== 'object') continue;
    const findings = [];
    if ((res.kind === 'identity-source' || res.kind === 'identity-source-update') && host.cedarSchema && host.cedar) {
      const source = await host.cedarSchema(file.uri, policyStoreIdOf(doc.root), signal);
      if (source) findings.push(...cedarFindings(doc, parseSchema(await host.cedar(), source)));
    }
    findings.push(...(await oidcFindings(doc, res.kind, host, signal)));
    out.push(...findingsToDiagnostics(file.parsed, res.index, findings));
  }
  return out;
}
