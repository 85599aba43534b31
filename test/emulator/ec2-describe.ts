/** DescribeVerifiedAccessTrustProviders: IDs, filters (with `*`/`?` wildcards), MaxResults 5..200 and NextToken. */
import { ec2Error, trustProviderXml } from './ec2-render';
import { canonicalJson } from './idempotency';
import { cutPage } from './paging';
import type { EmulatorState } from './state';
import type { TrustProviderRecord } from './types';
import { set, text } from './xml';

type Values = (tp: TrustProviderRecord) => (string | undefined)[];

/** Filter names and the values of a provider each one tests (several values in a filter: any may match). */
export const TRUST_PROVIDER_FILTERS: Readonly<Record<string, Values>> = {
  'verified-access-trust-provider-id': tp => [tp.VerifiedAccessTrustProviderId],
  description: tp => [tp.Description],
  'trust-provider-type': tp => [tp.TrustProviderType],
  'user-trust-provider-type': tp => [tp.UserTrustProviderType],
  'device-trust-provider-type': tp => [tp.DeviceTrustProviderType],
  'policy-reference-name': tp => [tp.PolicyReferenceName],
  'tag-key': tp => tp.Tags.map(t => t.Key),
};

interface Filter {
  name: string;
  values: Values;
  patterns: RegExp[];
}

/** EC2 filter values are case-sensitive and may use `*` (any run) and `?` (one character); `\` escapes them. */
function wildcard(value: string): RegExp {
  let re = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) re += value[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

function parseFilters(raw: unknown): Filter[] {
  const filters = (raw as { Name?: string; Values?: string[] }[] | undefined) ?? [];
  return filters.map((f, i) => {
    const name = f.Name;
    if (!name) throw ec2Error('InvalidParameterValue', `Filter.${i + 1}.Name is missing: every filter needs a name.`);
    const values: Values | undefined = name.startsWith('tag:')
      ? tp => tp.Tags.filter(t => t.Key === name.slice(4)).map(t => t.Value)
      : TRUST_PROVIDER_FILTERS[name];
    if (!values) {
      throw ec2Error(
        'InvalidParameterValue',
        `The filter '${name}' is invalid. Valid filters: ${[...Object.keys(TRUST_PROVIDER_FILTERS), 'tag:<key>'].join(', ')}.`,
      );
    }
    if (!f.Values?.length)
      throw ec2Error(
        'InvalidParameterValue',
        `The filter '${name}' needs at least one value (Filter.${i + 1}.Value.1).`,
      );
    return { name, values, patterns: f.Values.map(wildcard) };
  });
}

const matches = (tp: TrustProviderRecord, f: Filter) =>
  f.values(tp).some(v => v !== undefined && f.patterns.some(p => p.test(v)));

export function describeTrustProviders(input: Record<string, unknown>, state: EmulatorState): string {
  const ids = (input.VerifiedAccessTrustProviderIds as string[] | undefined) ?? [];
  const max = input.MaxResults as number | undefined;
  if (max !== undefined && (max < 5 || max > 200)) {
    throw ec2Error(
      'InvalidParameterValue',
      `Value (${max}) for parameter MaxResults is invalid. Expecting a value between 5 and 200.`,
    );
  }
  const filters = parseFilters(input.Filters);
  const missing = ids.filter(id => !state.trustProviders.has(id));
  if (missing.length > 0) {
    throw ec2Error(
      'InvalidVerifiedAccessTrustProviderId.NotFound',
      `The Verified Access trust provider ID${missing.length > 1 ? 's' : ''} '${missing.join("', '")}' ${missing.length > 1 ? 'do' : 'does'} not exist`,
    );
  }
  if (input.DryRun === true) throw ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');

  const scope = canonicalJson({
    op: 'DescribeVerifiedAccessTrustProviders',
    ids: [...ids].sort(),
    filters: input.Filters ?? [],
  });
  let after: number | undefined;
  if (typeof input.NextToken === 'string') {
    after = state.pages.read(scope, input.NextToken);
    if (after === undefined) {
      throw ec2Error(
        'InvalidPaginationToken',
        `The pagination token '${input.NextToken.slice(0, 40)}' is invalid or belongs to another query.`,
      );
    }
  }
  const wanted = new Set(ids);
  const candidates = [...state.trustProviders.values()].filter(
    tp => (wanted.size === 0 || wanted.has(tp.VerifiedAccessTrustProviderId)) && filters.every(f => matches(tp, f)),
  );
  const page = cutPage(candidates, after, max ?? Number.POSITIVE_INFINITY);
  return (
    set('verifiedAccessTrustProviderSet', page.items, trustProviderXml) +
    (page.nextAfter !== undefined ? text('nextToken', state.pages.issue(scope, page.nextAfter)) : '')
  );
}
