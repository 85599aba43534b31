/** Refresh: re-reads the AWS config files, rebuilds the connection and reloads both views. */
import type { SessionState } from '../../aws/session';
import type { ExtensionCtx } from '../../context';

export function refresh(ctx: ExtensionCtx): Promise<SessionState> {
  return ctx.aws.session.refresh('Refresh');
}
