/**
 * What the shape walk of a resource's properties adds to the request files' walk: intrinsic functions stand for any
 * value they can produce (`intrinsics.ts`), dynamic references (`{{resolve:…}}`) for any string, read-only properties
 * and request members CloudFormation has no property for are named as such.
 */
import { pascal } from '../model/cloudformation';
import type { Shape } from '../model/shapes';
import type { Node, PropertyNode } from '../parse/ast';
import type { Reporter } from '../rules/context';
import type { WalkHooks } from '../rules/shape';
import { R as SHAPE } from '../rules/shape-registry';
import { R } from '../rules/template';
import { fits, intrinsicOf, isDynamicReference, produces, type Produces } from './intrinsics';
import type { TemplateNames, TemplateResource } from './types';

const SHAPE_WORDS: Record<Shape['type'], string> = {
  structure: 'an object',
  list: 'a list',
  string: 'a string',
  boolean: 'a boolean',
  integer: 'an integer',
};

const PRODUCED_WORDS: Record<Produces, string> = {
  string: 'a string',
  list: 'a list',
  integer: 'a number',
  boolean: 'a condition (true or false)',
  any: 'a value',
};

/**
 * Plain scalars that YAML 1.1 (CloudFormation's reader) and YAML 1.2 (ours) read as different values: numbers with
 * underscores (`1_000`), binary (`0b101`), octal with a leading zero (`012` is 10 in YAML 1.1, 12 in 1.2), `0o12`
 * (a string in 1.1), sexagesimal (`1:30`). What CloudFormation passes on for them is not certain, so their values are
 * not judged (the key still is).
 */
const YAML_VERSIONS_DIFFER =
  /^[-+]?(?:0b[01_]+|0o[0-7]+|0[0-7_]+|0x[0-9a-fA-F_]*_[0-9a-fA-F_]*|\d[\d_]*_[\d_]*(?:\.[\d_]*)?(?:[eE][-+]?\d+)?|\.\d[\d_]*_[\d_]*|[1-9][\d_]*(?::[0-5]?\d)+(?:\.[\d_]*)?)$/;

function uncertainScalar(n: Node, text: string): boolean {
  if (n.type === 'object' || n.type === 'array' || n.quoted || n.tag !== undefined) return false;
  // Numbers are short; the length test keeps the pattern's backtracking bounded on long plain scalars.
  return n.end - n.start <= 64 && YAML_VERSIONS_DIFFER.test(text.slice(n.start, n.end));
}

export function templateHooks(reporter: Reporter, names: TemplateNames, resource: TemplateResource): WalkHooks {
  const { info } = resource;
  return {
    value(n: Node, shape: Shape, path: string, memberName: string): boolean {
      const f = intrinsicOf(n);
      if (f) {
        const produced = produces(f, names);
        if (!fits(produced, shape.type)) {
          reporter.report(
            R.intrinsicType,
            n.start,
            n.end,
            path,
            `'${memberName}' takes ${SHAPE_WORDS[shape.type]}, but ${f.name} produces ${PRODUCED_WORDS[produced]}: CloudFormation rejects the value.`,
            { data: { expected: SHAPE_WORDS[shape.type], produced } },
          );
        }
        return true;
      }
      if ((shape.type === 'string' || shape.type === 'integer') && uncertainScalar(n, reporter.file.text)) return true;
      return shape.type === 'string' && n.type === 'string' && isDynamicReference(n.value as string);
    },
    unknown(prop: PropertyNode, path: string, depth: number): boolean {
      if (depth !== 0) return false;
      const readOnly = Object.prototype.hasOwnProperty.call(info.readOnly, prop.key)
        ? info.readOnly[prop.key]
        : undefined;
      if (readOnly !== undefined) {
        reporter.report(
          R.readOnly,
          prop.keyStart,
          prop.keyEnd,
          path,
          `'${prop.key}' is a read-only property of ${info.type}: CloudFormation rejects a template that sets it. ${readOnly}`,
        );
        return true;
      }
      const dropped = Object.entries(info.dropped).find(([member]) => pascal(member) === prop.key);
      if (dropped) {
        reporter.report(
          SHAPE.unknownMember,
          prop.keyStart,
          prop.keyEnd,
          path,
          `'${prop.key}' is not a property of ${info.type}: ${dropped[1]}`,
          { data: { dropped: true } },
        );
        return true;
      }
      return false;
    },
  };
}
