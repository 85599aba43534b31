/** An index of a Cedar schema's entity types and their parents (`memberOfTypes`), fully qualified. */

export interface SchemaIndex {
  /** Entity type → the types it can be a member of. */
  parents: Map<string, Set<string>>;
  origin: string;
}

interface EntityTypeJson {
  memberOfTypes?: unknown;
}

interface NamespaceJson {
  entityTypes?: Record<string, EntityTypeJson>;
}

const qualify = (ns: string, name: string) => (ns ? `${ns}::${name}` : name);

export function indexSchema(json: unknown, origin: string): SchemaIndex {
  const parents = new Map<string, Set<string>>();
  if (!json || typeof json !== 'object') return { parents, origin };
  const namespaces = json as Record<string, NamespaceJson>;
  const declared = new Set<string>();
  for (const [ns, def] of Object.entries(namespaces))
    for (const name of Object.keys(def?.entityTypes ?? {})) declared.add(qualify(ns, name));
  for (const [ns, def] of Object.entries(namespaces)) {
    for (const [name, et] of Object.entries(def?.entityTypes ?? {})) {
      const set = new Set<string>();
      const member = Array.isArray(et?.memberOfTypes) ? (et.memberOfTypes as unknown[]) : [];
      for (const m of member) {
        if (typeof m !== 'string') continue;
        // Cedar resolves an unqualified name in the current namespace first, then in the empty namespace.
        if (m.includes('::')) set.add(m);
        else set.add(declared.has(qualify(ns, m)) ? qualify(ns, m) : m);
      }
      parents.set(qualify(ns, name), set);
    }
  }
  return { parents, origin };
}
