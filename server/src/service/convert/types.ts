/** The results of the conversions between request files and CloudFormation resources (plain data, no I/O). */
import type { CfnTypeName } from '../model/cloudformation';
import type { Format, Kind } from '../types';

/** How a converted resource is written: the resource entry alone (to paste under `Resources`), or a whole template. */
export type ResourceWrap = 'resource' | 'template';

export interface ResourceOptions {
  format: Format;
  /** The logical ID to use; by default one derived from the content (`OktaTrustProvider`). */
  logicalId?: string;
  /** Default `resource`. */
  wrap?: ResourceWrap;
}

export interface RequestOptions {
  format: Format;
  /**
   * The request file kind to write: the resource type's create kind by default, or its update kind (the ID of the
   * resource to change is then `id`, or a placeholder).
   */
  kind?: Kind;
  id?: string;
}

/** A value of the source that could not become a literal, and what stands in its place. */
export interface Placeholder {
  /** Member path in the result (request member path, or property path below `Properties`). */
  path: string;
  /** The intrinsic function it came from (`Ref`, `Fn::GetAtt`, `Fn::Sub`…), or `id` for an ID to fill in. */
  fn: string;
  /** The text written in its place. */
  text: string;
}

interface ConversionBase {
  text: string;
  format: Format;
  /**
   * Plain sentences for the user: what was left out and why, what to fill in. Never values of the source: member
   * and property names, function names and counts only.
   */
  notes: string[];
  /** Members or properties of the source that have no counterpart (paths in the source's own names). */
  dropped: string[];
  /** Members or properties the model does not know, left out (paths in the source's own names). */
  unknown: string[];
  placeholders: Placeholder[];
}

export interface ResourceConversion extends ConversionBase {
  type: CfnTypeName;
  logicalId: string;
  /** The resource's `Properties` as plain data. */
  properties: Record<string, unknown>;
}

export interface RequestConversion extends ConversionBase {
  /** The request file kind written, or undefined for a policy store (a CreatePolicyStore input, no file kind of ours). */
  kind: Kind | undefined;
  type: CfnTypeName;
  logicalId: string;
  /** The request as plain data. */
  request: Record<string, unknown>;
  /** A file name that associates the result with its kind (`OktaTrustProvider.trust-provider.yaml`). */
  fileName: string;
}

/** A conversion that could not be made, with the reason in plain words. */
export interface ConversionError {
  error: string;
  /** Converting from a template with the position outside any resource of the three types: the ones there are. */
  candidates?: { logicalId: string; type: CfnTypeName }[];
}

export function isConversionError(x: unknown): x is ConversionError {
  return x !== null && typeof x === 'object' && typeof (x as ConversionError).error === 'string';
}
