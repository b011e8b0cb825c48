/**
 * axios, loaded on the first request rather than at activation: with Node's http, https, http2,
 * stream and crypto modules it takes about half of `require` + `activate` (see `npm run bench`),
 * and a signed-out window, or one whose first refresh comes later, does not need it yet.
 * esbuild turns the dynamic import into a lazy require of the bundled copy (no file is read).
 */
import type { AxiosStatic } from 'axios';

export async function loadAxios(): Promise<AxiosStatic> {
  return (await import('axios')).default;
}
