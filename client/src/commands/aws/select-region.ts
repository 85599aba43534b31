/**
 * Select Region: the Regions where Verified Permissions and Verified Access are offered, or the profile's own. The
 * argument (a Region code, '' for the profile's) skips the picker.
 */
import * as vscode from 'vscode';
import type { SessionState } from '../../aws/session';
import { RESTRICTED_MESSAGE } from '../../apply/target';
import type { ExtensionCtx } from '../../context';

export const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
  'us-gov-east-1',
  'us-gov-west-1',
];

export async function selectRegion(ctx: ExtensionCtx, arg?: unknown): Promise<SessionState | undefined> {
  if (!vscode.workspace.isTrusted) throw new Error(RESTRICTED_MESSAGE);
  let region: string | undefined = typeof arg === 'string' ? arg : undefined;
  if (region !== undefined && region !== '' && !/^[a-z0-9-]{1,32}$/.test(region))
    throw new Error(`"${region}" is not a Region code.`);
  if (region === undefined) {
    const current = (await ctx.aws.session.state()).connection?.region;
    region = await ctx.aws.prompts.pick(
      [
        {
          label: "The profile's Region",
          description: 'region in ~/.aws/config, else AWS_REGION, else us-east-1',
          value: '',
        },
        ...REGIONS.map(r => ({ label: `${r === current ? '$(check) ' : ''}${r}`, value: r })),
      ],
      'AWS Region for the Verified Identity views and commands',
    );
    if (region === undefined) return undefined;
  }
  const state = await ctx.aws.session.select({ region: region || undefined });
  ctx.log.info(`Region selected: ${region || "the profile's"} → ${state.connection?.region ?? 'no connection'}.`);
  return state;
}
