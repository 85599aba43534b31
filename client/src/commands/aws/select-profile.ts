/**
 * Select Profile: the profiles of the shared config and credentials files (with how each gets credentials), or the
 * SDK's default chain. The choice is kept in the extension's global state, not in settings.json; the argument (a
 * profile name, '' for the default chain) skips the picker.
 */
import * as vscode from 'vscode';
import { describeProfile, type ProfileKind } from '../../aws/profiles';
import type { SessionState } from '../../aws/session';
import { RESTRICTED_MESSAGE } from '../../apply/target';
import type { ExtensionCtx } from '../../context';

const KIND: Record<ProfileKind, string> = {
  sso: 'IAM Identity Center (SSO)',
  process: 'credential_process',
  'assume-role': 'assumes a role',
  'web-identity': 'web identity',
  keys: 'access keys',
  config: 'config only',
};

export async function selectProfile(ctx: ExtensionCtx, arg?: unknown): Promise<SessionState | undefined> {
  if (!vscode.workspace.isTrusted) throw new Error(RESTRICTED_MESSAGE);
  const session = ctx.aws.session;
  let profile: string | undefined = typeof arg === 'string' ? arg : undefined;
  if (profile === undefined) {
    const files = await session.profiles();
    const current = session.choice().profile;
    profile = await ctx.aws.prompts.pick(
      [
        ...files.names.map(name => {
          const info = describeProfile(files, name);
          return {
            label: `${name === current ? '$(check) ' : ''}${name}`,
            description: [KIND[info.kind], info.region, info.hasEndpoint ? 'custom endpoint' : undefined]
              .filter(Boolean)
              .join(' · '),
            value: name,
          };
        }),
        {
          label: `${current === '' ? '$(check) ' : ''}Default credential chain`,
          description: 'AWS_PROFILE, environment variables, default profile, SSO, instance role…',
          value: '',
        },
      ],
      files.names.length
        ? 'AWS profile for the Verified Identity views and commands'
        : 'No profiles in ~/.aws/config or ~/.aws/credentials (run aws configure or aws configure sso)',
    );
    if (profile === undefined) return undefined;
  }
  const state = await session.select({ profile });
  ctx.log.info(`Profile selected: ${profile || 'default credential chain'}.`);
  if (state.connection?.regionSource === 'fallback') {
    void ctx.aws.prompts.notify(
      'info',
      `Verified Identity: profile ${profile || 'default'} sets no region; using us-east-1. Choose another with Select Region.`,
      [],
    );
  }
  return state;
}
