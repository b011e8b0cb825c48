/**
 * The origin a key is bound to. A key is verified against one origin (scheme, host and port) when
 * the user signs in, and the client sends it to that origin only: a settings change, or a
 * workspace's settings file, cannot redirect it elsewhere.
 */

/** `https://host[:port]` of a URL (the default port omitted, host lower-cased), or undefined when it is not an http(s) URL. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    return parsed.origin;
  } catch {
    return undefined;
  }
}

/** True when both URLs have the same origin (and both are http(s) URLs). */
export function sameOrigin(a: string | undefined, b: string | undefined): boolean {
  const left = originOf(a);
  return left !== undefined && left === originOf(b);
}
