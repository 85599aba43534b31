/** Filter…: shows only the stores, identity sources and trust providers whose IDs, names or descriptions match. */
import type { ExtensionCtx } from '../../context';

export async function filter(ctx: ExtensionCtx, arg?: unknown): Promise<string | undefined> {
  const views = ctx.aws.views;
  const text =
    typeof arg === 'string'
      ? arg
      : await ctx.aws.prompts.input(
          'Filter the Verified Identity views (ID, alias, issuer, type, description)',
          views.filter.text,
        );
  if (text === undefined) return undefined;
  views.filter.set(text);
  return views.filter.text;
}
