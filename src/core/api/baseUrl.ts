/**
 * The API base URL as the user wrote it (`polytomic.baseUrl` or `POLYTOMIC_DEPLOYMENT_URL`) → the
 * URL requests go to. A bare host (`polytomic.acme.internal`, `polytomic.acme.internal:8443/`)
 * means https, as in Polytomic's Terraform provider, which reads the same variable: "Add https://
 * scheme if no scheme is present". Trailing slashes go. Anything else is left for the client to
 * judge (it refuses plain http to other hosts and what is not a URL, with a clear message).
 */
export function normalizeBaseUrl(raw: string): string {
  let url = raw.trim();
  if (url !== '' && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) url = `https://${url.replace(/^\/+/, '')}`;
  return url.replace(/\/+$/, '');
}
