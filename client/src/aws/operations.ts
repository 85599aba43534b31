/**
 * The write side: create / update / modify from a request, and delete. Every create, modify and delete carries an
 * idempotency token (`clientToken` / `ClientToken`), a fresh UUID per logical apply that the caller reuses when it
 * retries the same apply, so a retry after a lost response can never create twice. Failures are thrown as
 * `AwsCallError` (mutating: an unknown outcome says so). Pure: SDK, no `vscode`.
 */
import {
  CreateVerifiedAccessTrustProviderCommand,
  DeleteVerifiedAccessTrustProviderCommand,
  ModifyVerifiedAccessTrustProviderCommand,
  type CreateVerifiedAccessTrustProviderCommandInput,
  type ModifyVerifiedAccessTrustProviderCommandInput,
} from '@aws-sdk/client-ec2';
import {
  CreateIdentitySourceCommand,
  DeleteIdentitySourceCommand,
  UpdateIdentitySourceCommand,
  type CreateIdentitySourceCommandInput,
  type UpdateIdentitySourceCommandInput,
} from '@aws-sdk/client-verifiedpermissions';
import type { Kind } from '../../../server/src/service/types';
import { actionName, type AwsClients, type ServiceName } from './clients';
import { AwsCallError, describeAwsError } from './errors';
import { summarizeTrustProvider, toPlain } from './listing';

type Obj = Record<string, unknown>;

export interface ResourceRef {
  type: 'identitySource' | 'trustProvider';
  id: string;
  /** Identity sources: their policy store. */
  policyStoreId?: string;
}

export interface ApplyResult {
  kind: Kind;
  action: string;
  resource: ResourceRef;
  /** The service's answer as plain data. */
  output: Obj;
}

export const OPERATION_OF: Readonly<Record<Kind, { service: ServiceName; operation: string; verb: string }>> = {
  'identity-source': { service: 'verifiedpermissions', operation: 'CreateIdentitySource', verb: 'Created' },
  'identity-source-update': { service: 'verifiedpermissions', operation: 'UpdateIdentitySource', verb: 'Updated' },
  'trust-provider': { service: 'ec2', operation: 'CreateVerifiedAccessTrustProvider', verb: 'Created' },
  'trust-provider-update': { service: 'ec2', operation: 'ModifyVerifiedAccessTrustProvider', verb: 'Modified' },
};

export function actionOf(kind: Kind): string {
  const o = OPERATION_OF[kind];
  return actionName(o.service, o.operation);
}

/** The idempotency token a request will carry: the file's own `clientToken`/`ClientToken` when it has one. */
export function tokenFor(kind: Kind, input: Obj, fresh: string): string | undefined {
  if (kind === 'identity-source-update') return undefined; // UpdateIdentitySource has no token (and is idempotent)
  const key = kind === 'identity-source' ? 'clientToken' : 'ClientToken';
  return typeof input[key] === 'string' && input[key] !== '' ? input[key] : fresh;
}

export class AwsOperations {
  constructor(readonly clients: AwsClients) {}

  private async call<T>(service: ServiceName, operation: string, mapInput: unknown, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const c = this.clients.connection;
      throw new AwsCallError(
        describeAwsError(e, actionName(service, operation), {
          profile: c.profile ?? c.configProfile,
          region: c.region,
          endpoint: service === 'ec2' ? c.endpoints.ec2 : c.endpoints.verifiedPermissions,
          mutating: true,
          input: mapInput,
        }),
      );
    }
  }

  /**
   * Sends the request of a file. `input` has its secret references resolved; `fileInput` (references intact) is
   * used only to map parameter errors to member paths. `clientToken` is the apply's token.
   */
  async apply(kind: Kind, input: Obj, clientToken: string, fileInput: Obj = input): Promise<ApplyResult> {
    const { service, operation } = OPERATION_OF[kind];
    const action = actionName(service, operation);
    const token = tokenFor(kind, input, clientToken);
    switch (kind) {
      case 'identity-source': {
        const out = await this.call(service, operation, fileInput, () =>
          this.clients.avp.send(
            new CreateIdentitySourceCommand({
              ...(input as unknown as CreateIdentitySourceCommandInput),
              clientToken: token,
            }),
          ),
        );
        const output = toPlain(out) as Obj;
        return {
          kind,
          action,
          resource: {
            type: 'identitySource',
            id: String(out.identitySourceId),
            policyStoreId: String(out.policyStoreId),
          },
          output,
        };
      }
      case 'identity-source-update': {
        const out = await this.call(service, operation, fileInput, () =>
          this.clients.avp.send(new UpdateIdentitySourceCommand(input as unknown as UpdateIdentitySourceCommandInput)),
        );
        const output = toPlain(out) as Obj;
        return {
          kind,
          action,
          resource: {
            type: 'identitySource',
            id: String(out.identitySourceId),
            policyStoreId: String(out.policyStoreId),
          },
          output,
        };
      }
      case 'trust-provider':
      case 'trust-provider-update': {
        const out =
          kind === 'trust-provider'
            ? await this.call(service, operation, fileInput, () =>
                this.clients.ec2.send(
                  new CreateVerifiedAccessTrustProviderCommand({
                    ...(input as unknown as CreateVerifiedAccessTrustProviderCommandInput),
                    ClientToken: token,
                  }),
                ),
              )
            : await this.call(service, operation, fileInput, () =>
                this.clients.ec2.send(
                  new ModifyVerifiedAccessTrustProviderCommand({
                    ...(input as unknown as ModifyVerifiedAccessTrustProviderCommandInput),
                    ClientToken: token,
                  }),
                ),
              );
        const tp = out.VerifiedAccessTrustProvider;
        if (!tp?.VerifiedAccessTrustProviderId) {
          throw new AwsCallError(
            describeAwsError(new Error('The answer named no trust provider.'), action, { mutating: true }),
          );
        }
        return {
          kind,
          action,
          resource: { type: 'trustProvider', id: tp.VerifiedAccessTrustProviderId },
          output: summarizeTrustProvider(tp).raw,
        };
      }
    }
  }

  async deleteIdentitySource(policyStoreId: string, identitySourceId: string): Promise<void> {
    await this.call('verifiedpermissions', 'DeleteIdentitySource', {}, () =>
      this.clients.avp.send(new DeleteIdentitySourceCommand({ policyStoreId, identitySourceId })),
    );
  }

  async deleteTrustProvider(id: string, clientToken: string): Promise<void> {
    await this.call('ec2', 'DeleteVerifiedAccessTrustProvider', {}, () =>
      this.clients.ec2.send(
        new DeleteVerifiedAccessTrustProviderCommand({ VerifiedAccessTrustProviderId: id, ClientToken: clientToken }),
      ),
    );
  }
}
