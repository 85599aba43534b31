/** Renders the diagnostics table of `docs/diagnostics.md` from the registry (one source for code and docs). */
import type { RuleInfo } from './rule-info';

const FAMILY_TITLES: Record<RuleInfo['family'], string> = {
  syntax: 'Syntax and refusals',
  shape: 'Shape (the service model)',
  template: 'CloudFormation templates',
  rules: 'Rules (conditions the services document)',
  hygiene: 'Hygiene',
  semantic: 'Semantic (facts outside the file)',
};

const BASIS: Record<RuleInfo['basis'], string> = {
  parser: 'parser',
  model: 'service model',
  documented: 'AWS documentation',
  'vendor-documented': 'vendor documentation',
  inferred: 'inferred (warning)',
  practice: 'good practice',
};

export function renderDiagnosticsDoc(rules: readonly RuleInfo[]): string {
  const lines = [
    '# Diagnostics',
    '',
    '<!-- Generated from server/src/service/rules/*.ts by `npm run docs:diagnostics`; do not edit by hand. -->',
    '',
    'Every diagnostic has a stable code (below), a severity, a message naming the member and the rule, a range on the',
    'exact node (the key for unknown or missing members, the value for value errors) and its member path, such as',
    '`configuration.openIdConnectConfiguration.issuer` or `TagSpecifications[0].Tags[1].Key`. Rules taken from the',
    'service model or from AWS documentation are errors; rules we infer (or that only third parties document) are',
    'warnings.',
    '',
    'In CloudFormation templates the same codes apply to the `Properties` of `AWS::VerifiedPermissions::IdentitySource`,',
    "`AWS::EC2::VerifiedAccessTrustProvider` and `AWS::VerifiedPermissions::PolicyStore`, with CloudFormation's",
    'property names and paths such as `Resources.OktaSource.Properties.Configuration.OpenIdConnectConfiguration.Issuer`',
    'or `Resources.Laptops.Properties.Tags[2].Key`; the codes that only templates have are listed under',
    '"CloudFormation templates".',
    '',
  ];
  for (const family of Object.keys(FAMILY_TITLES) as RuleInfo['family'][]) {
    const rs = rules.filter(r => r.family === family);
    if (rs.length === 0) continue;
    lines.push(`## ${FAMILY_TITLES[family]}`, '', '| code | severity | basis | what it means |', '|---|---|---|---|');
    for (const r of rs)
      lines.push(
        `| <a id="${r.code}"></a>\`${r.code}\` | ${r.severity} | ${BASIS[r.basis]} | ${r.summary.replace(/\|/g, '\\|')} |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}
