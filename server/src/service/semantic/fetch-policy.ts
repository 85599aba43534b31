/**
 * Which URLs the online checks fetch, judged from the URL alone: http or https, no user info (credentials are never
 * sent), no query and no fragment (an OpenID Connect issuer has neither, and discovery and key set URLs need
 * neither; a query would let a file choose what a GET does). The checks use it to say why an issuer or `jwks_uri`
 * is not fetched; the host applies it again to every URL and redirect, and judges the address it connects to.
 */

/** Why a URL is not fetched, as a phrase that follows "it" (`has a query or a fragment`), or undefined. */
export function urlRefusal(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'is not an https URL';
  if (u.username !== '' || u.password !== '') return 'has user info (user:password@), and credentials are never sent';
  // `href` keeps an empty `?` or `#` that `search` and `hash` drop.
  if (u.href.includes('?') || u.href.includes('#')) return 'has a query or a fragment';
  return undefined;
}
