/** The value types of the template analysis: what a template declares, its resources of the three types, results. */
import type { CfnResourceInfo, CfnTypeName } from '../model/cloudformation';
import type { Node, ObjectNode, PropertyNode, ScalarNode } from '../parse/ast';
import type { Finding } from '../rules/context';

/** A parameter of the template (`Parameters.<Name>`). */
export interface TemplateParameter {
  name: string;
  key: PropertyNode;
  /** Its literal `Type` (`String`, `CommaDelimitedList`, `List<AWS::EC2::VPC::Id>`, …). */
  type?: string;
}

/** Any resource of the template (`Resources.<LogicalId>`), whatever its type. */
export interface DeclaredResource {
  logicalId: string;
  key: PropertyNode;
  /** Its literal `Type`. */
  type?: string;
}

/** The names a template declares: what `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::If` and `Fn::FindInMap` may name. */
export interface TemplateNames {
  parameters: ReadonlyMap<string, TemplateParameter>;
  resources: ReadonlyMap<string, DeclaredResource>;
  conditions: ReadonlyMap<string, PropertyNode>;
  mappings: ReadonlyMap<string, PropertyNode>;
  /**
   * The template names a transform that may add resources or parameters (SAM's `AWS::Serverless-2016-10-31`, a
   * macro): a name these checks cannot find may still exist once it has run. `AWS::LanguageExtensions` adds none.
   */
  transformed: boolean;
}

/** A resource of one of the three types: where it is and what it holds. */
export interface TemplateResource {
  logicalId: string;
  type: CfnTypeName;
  info: CfnResourceInfo;
  /** `Resources.<LogicalId>`, the start of its diagnostics' paths. */
  path: string;
  /** Its key under `Resources`. */
  key: PropertyNode;
  /** Its mapping (`Type`, `Properties`, `DependsOn`, …). */
  node: ObjectNode;
  typeNode: ScalarNode;
  /** Its `Properties` entry, when it has one. */
  properties?: PropertyNode;
}

/** What `collectTemplate` finds in a template that declares at least one resource of the three types. */
export interface TemplateModel {
  root: ObjectNode;
  names: TemplateNames;
  /** The resources of the three types, in text order. */
  resources: TemplateResource[];
}

/** The findings of one resource (the unit an edit re-checks). */
export interface ResourceResult {
  resource: TemplateResource;
  findings: Finding[];
}

/** A template's analysis: its model and one result per resource of the three types. */
export interface TemplateAnalysis extends TemplateModel {
  results: ResourceResult[];
}

/** The node of a value, for helpers that take either a node or nothing. */
export type MaybeNode = Node | undefined;
