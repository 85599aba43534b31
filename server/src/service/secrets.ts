/**
 * Secret references: `${secret:NAME}` stands for a value kept outside the file (VS Code SecretStorage in the
 * extension). The apply commands resolve references before calling AWS; the validator accepts them in place of a
 * literal secret.
 */
export const SECRET_REFERENCE = /^\$\{secret:([A-Za-z0-9._/-]{1,128})\}$/;

export function secretReferenceName(value: string): string | undefined {
  return SECRET_REFERENCE.exec(value)?.[1];
}

export function secretReference(name: string): string {
  return `\${secret:${name}}`;
}

/** A reference name derived from the file and member, e.g. `okta.trust-provider/OidcOptions.ClientSecret`. */
export function secretNameFor(fileName: string, path: string): string {
  const base = fileName.replace(/\\/g, '/').split('/').pop() ?? 'file';
  return `${base.replace(/\.(json|ya?ml)$/i, '')}/${path}`.replace(/[^A-Za-z0-9._/-]/g, '-').slice(0, 128);
}
