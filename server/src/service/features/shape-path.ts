/** Resolving member paths against the shape model (completion, hover, actions). */
import type { Member, Shape, StructureShape } from '../model/shapes';

export type PathSegment = string | number;

export interface ShapeAt {
  shape: Shape;
  /** The member that holds the value at the end of the path (undefined for the root and list items). */
  member?: Member;
  memberName?: string;
  /** The structure that declares `member`. */
  parent?: StructureShape;
}

export function shapeAtPath(root: StructureShape, path: readonly PathSegment[]): ShapeAt | undefined {
  let cur: ShapeAt = { shape: root };
  for (const seg of path) {
    const s = cur.shape;
    if (typeof seg === 'number') {
      if (s.type !== 'list') return undefined;
      cur = { shape: s.member, member: cur.member, memberName: cur.memberName, parent: cur.parent };
    } else {
      if (s.type !== 'structure') return undefined;
      const m = Object.prototype.hasOwnProperty.call(s.members, seg) ? s.members[seg] : undefined;
      if (!m) return undefined;
      cur = { shape: m.shape, member: m, memberName: seg, parent: s };
    }
  }
  return cur;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}
