// Build-time stand-ins for axios internals the extension never runs (used by esbuild.js).
// Each replaces one file of axios/lib with a module of the same exports that throws a clear error
// if it is ever called, instead of silently doing something else. Every file is pinned by its
// SHA-256: when a new axios changes one, the build fails and the stand-in must be reviewed.
// Why each is never needed (src/core/api/httpLoader.ts is the only caller of axios: it calls the
// http adapter directly, with the options it lists):
// - form data: we send JSON strings, so formDataToStream and setFormDataHeaders only run for
//   FormData or multipart bodies, which we never send;
// - query parameters (AxiosURLSearchParams): we build query strings ourselves and pass no `params`;
// - progress and rate limits (AxiosTransformStream, progressEventReducer): used only with
//   onUploadProgress, onDownloadProgress or maxRate, which no request sets. Some of that code
//   runs in a response callback, where a throw would escape the request's promise, so the http
//   adapter itself is patched to reject such a request before it is sent (httpAdapterPatch);
// - data: URLs (fromDataURI, estimateDataURLDecodedBytes): we request only http(s) URLs;
// - HTTP/2 (Http2Sessions): used only when a request sets `httpVersion: 2`, which none does;
//   the stand-in can be built (axios makes one when loaded) but refuses to open a session.
// The http adapter itself is pinned too: httpLoader.ts calls it with axios's config names, so a new
// adapter is reviewed against that list (and httpAdapterPatch) before it ships.
const crypto = require('node:crypto');
const fs = require('node:fs');

// One shared module throws for all of them (the bundle carries the message once).
const REFUSE = 'axios-stand-in-refuse';
const refuseModule = 'export default function refuse(what) { throw new Error(`axios ${what} is not bundled (see scripts/axiosStandIns.js)`); }';
const refuse = (what) => `refuse(${JSON.stringify(what)});`;
const withRefuse = (contents) => `import refuse from '${REFUSE}'; ${contents}`;

/** path under axios/lib → the SHA-256 of the file it replaces, and the stand-in's source */
const axiosStandIns = {
  'helpers/formDataToStream.js': {
    sha256: 'de14b6c1a0125049aba7e4b6500088cbb4395683032bd5bc02d7e26b398f1a2c',
    contents: `export default function formDataToStream() { ${refuse('formDataToStream (FormData bodies)')} }`,
  },
  'core/setFormDataHeaders.js': {
    sha256: 'ce505effa44997baee7ba00c827716f2249f9e86343af454dedd0b091c65939d',
    contents: `export default function setFormDataHeaders() { ${refuse('setFormDataHeaders (form-data bodies)')} }`,
  },
  'helpers/AxiosURLSearchParams.js': {
    sha256: 'be7dc2ab4809630b44be971f5e40520bc56ebc91a75a4d7674087bdff1b7066d',
    contents: `export default class AxiosURLSearchParams { constructor() { ${refuse('params serialisation (pass no `params`)')} } }`,
  },
  'helpers/AxiosTransformStream.js': {
    sha256: 'cdcd57293fb3c447feb1c7bedeb1d12f5f9a65ad25a2f1e92f8426aac3b6d558',
    contents: `export default class AxiosTransformStream { constructor() { ${refuse('progress and maxRate support')} } }`,
  },
  'helpers/progressEventReducer.js': {
    sha256: '80da2d48d2feeeb0a2b488249e7948b519be821319ada2edb4ceb61de7d2ddc2',
    contents: ['progressEventReducer', 'progressEventDecorator', 'asyncDecorator'].map((name) => `export function ${name}() { ${refuse('progress events')} }`).join(' '),
  },
  'helpers/fromDataURI.js': {
    sha256: 'b346acaba8b52c6f24376b0bf35a72ce584df47e61dfc5424142dd847a312cf4',
    contents: `export default function fromDataURI() { ${refuse('fromDataURI (data: URLs)')} }`,
  },
  'helpers/estimateDataURLDecodedBytes.js': {
    sha256: '15c487f77ad1b9bbed5a8c2732d4c2f8904f8ccbbe4ec5f1a3bdafe844bce5c2',
    contents: `export function estimateDataURLBufferAllocation() { ${refuse('data: URL support')} } export default function estimateDataURLDecodedBytes() { ${refuse('data: URL support')} }`,
  },
  'helpers/Http2Sessions.js': {
    sha256: 'a109b039f008abbc622678b59957d099e1993607801c64d006a01355fcf22a99',
    contents: `export default class Http2Sessions { getSession() { ${refuse('HTTP/2 (httpVersion: 2)')} } }`,
  },
};

/** The http adapter (pinned by its hash, with the anchor once in it) refuses progress and rate options up front. */
const httpAdapterPatch = {
  sha256: 'a0ba54558263bc5eb4bc3d06e09a885fcb47a8cf61c49cd7ee0139e2f50c007b',
  anchor: '      const maxRate = config.maxRate;\n',
  insert: "      if (onUploadProgress || onDownloadProgress || maxRate) refuse('progress and maxRate support');\n",
};

/** esbuild plugin: loads each pinned axios file as its stand-in; fails the build if one changed. */
const axiosStandInPlugin = {
  name: 'axios-stand-ins',
  setup(build) {
    const pattern = new RegExp(`[\\\\/]axios[\\\\/]lib[\\\\/](${Object.keys(axiosStandIns).map((p) => p.replace(/[./]/g, (c) => (c === '.' ? '\\.' : '[\\\\/]'))).join('|')})$`);
    build.onLoad({ filter: pattern }, async (args) => {
      const key = args.path.match(pattern)[1].replace(/\\/g, '/');
      const { sha256, contents } = axiosStandIns[key];
      const actual = crypto.createHash('sha256').update(await fs.promises.readFile(args.path)).digest('hex');
      if (actual !== sha256) throw new Error(`${args.path} changed (sha256 ${actual}); review its stand-in in scripts/axiosStandIns.js`);
      return { contents: withRefuse(contents), loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]axios[\\/]lib[\\/]adapters[\\/]http\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const { sha256, anchor, insert } = httpAdapterPatch;
      const actual = crypto.createHash('sha256').update(source).digest('hex');
      if (actual !== sha256) throw new Error(`${args.path} changed (sha256 ${actual}); review the options src/core/api/httpLoader.ts passes it, and httpAdapterPatch in scripts/axiosStandIns.js`);
      return { contents: withRefuse(source.replace(anchor, anchor + insert)), loader: 'js' };
    });
    build.onResolve({ filter: new RegExp(`^${REFUSE}$`) }, (args) => ({ path: args.path, namespace: REFUSE }));
    build.onLoad({ filter: /.*/, namespace: REFUSE }, () => ({ contents: refuseModule, loader: 'js' }));
  },
};

module.exports = { axiosStandIns, axiosStandInPlugin };
