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
//   onUploadProgress, onDownloadProgress or maxRate, which no request sets (the http adapter
//   refuses them up front, see httpAdapter below);
// - data: URLs (fromDataURI, estimateDataURLDecodedBytes): we request only http(s) URLs;
// - HTTP/2 (Http2Sessions): used only when a request sets `httpVersion: 2`, which none does;
//   the stand-in can be built (axios makes one when loaded) but refuses to open a session.
// The http adapter itself is pinned too (httpAdapter below): httpLoader.ts calls it with axios's
// config names, so a new adapter is reviewed against that list before it ships; and its code for
// options we never set (lookup, HTTP/2, data: URLs, form bodies, Unix sockets, redirects) is cut.
const crypto = require('node:crypto');
const fs = require('node:fs');

/** axios's utils.js reads the global FormData when loaded (esbuild.js says why that probe is cut). */
const eagerFormData = "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;";

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

/**
 * The http adapter, pinned by its hash. Its code for options no request of ours sets is replaced by
 * a refusal: each edit replaces the text from `from` up to (not including) `to`, both found once in
 * the pinned file, by `by` (with `from` equal to `to`, an insertion). Progress and rate options are refused before the request is sent (some
 * of that code runs in a response callback, where a throw would escape the request's promise).
 */
const httpAdapter = {
  sha256: 'a0ba54558263bc5eb4bc3d06e09a885fcb47a8cf61c49cd7ee0139e2f50c007b',
  edits: [
    // a custom DNS `lookup` (normalizeLookup and its helpers)
    { from: 'const resolveFamily = ({ address, family }) => {', to: 'const http2Transport = {', by: "const normalizeLookup = () => refuse('a custom DNS lookup (lookup)');\n\n" },
    // `httpVersion: 2` (the Http2Sessions stand-in refuses too)
    { from: 'const http2Transport = {', to: '/*eslint consistent-return:0*/', by: "const http2Transport = { request() { refuse('HTTP/2 (httpVersion: 2)'); } };\n\n" },
    // data: URLs (fromDataURI, estimateDataURLDecodedBytes)
    { from: "      if (protocol === 'data:') {", to: '      if (supportedProtocols.indexOf(protocol) === -1) {', by: "      if (protocol === 'data:') refuse('data: URLs');\n\n" },
    // progress and maxRate; a body not read as a stream, or capped by axios (bodyRead.ts reads and caps
    // every body); a request body from a stream
    {
      from: '      let maxUploadRate = undefined;',
      to: '      let maxUploadRate = undefined;',
      by: "      if (onUploadProgress || onDownloadProgress || maxRate) refuse('progress and maxRate support');\n      if (responseType !== 'stream' || maxContentLength > -1) refuse('bodies not read as a stream (responseType), maxContentLength');\n      if (utils.isStream(data)) refuse('request bodies as streams');\n",
    },
    // a request body sent from a stream (refused above): ours is a string, written at once
    { from: '      if (utils.isStream(data)) {\n        let ended = false;', to: '        data && req.write(data);', by: '      {\n' },
    // FormData, form-data, Blob and File bodies: we send strings
    {
      from: '      // support for spec compliant FormData objects\n',
      to: '      } else if (data && !utils.isStream(data)) {',
      by: "      if (utils.isSpecCompliantForm(data) || utils.isFormData(data) || utils.isBlob(data) || utils.isFile(data)) {\n        refuse('FormData, Blob and File bodies');\n",
    },
    // `beforeRedirect` is read only by follow-redirects
    { from: '        beforeRedirect: dispatchBeforeRedirect,\n', to: '        beforeRedirects: Object.create(null),', by: '' },
    // Unix sockets
    { from: '      if (socketPath) {\n', to: '      } else {\n        options.hostname = parsed.hostname', by: "      if (socketPath) {\n        refuse('Unix sockets (socketPath)');\n" },
    // the body buffered into one Buffer or string, and maxContentLength on a stream: refused above
    {
      from: "        if (responseType === 'stream') {\n          // Enforce maxContentLength",
      to: "        abortEmitter.once('abort', (err) => {\n          if (!responseStream.destroyed) {",
      by: '        response.data = responseStream;\n        settle(resolve, reject, response);\n\n',
    },
    // Not a cut: gunzip output in 256 KB chunks instead of zlib's 16 KB. Each output chunk is a new
    // Buffer; at 2,000 syncs the 8.5 MB status body made about 530 of them per poll, and allocating
    // them was the largest single cost of a whole-scope poll (bench/profilePoll.ts whole: 16 ms of
    // createUnsafeBuffer per poll). `node --expose-gc bench/run.js bench/pollOnly.ts` (42 polls):
    // whole-scope poll 3.76x JSON.parse with 16 KB, 3.5x with 128 KB, about 2-3x with 256 or 512 KB.
    { from: 'const zlibOptions = {\n', to: '  flush: zlib.constants.Z_SYNC_FLUSH,', by: 'const zlibOptions = {\n  chunkSize: 256 * 1024,\n' },
    // redirects (follow-redirects): every request sets maxRedirects: 0
    { from: '        } else {\n          options.sensitiveHeaders = [];', to: '      // Set an explicit maxBodyLength option', by: "        } else {\n          refuse('redirects (maxRedirects must be 0)');\n        }\n      }\n\n" },
  ],
};

/** The pinned http adapter with its edits applied; throws if it is not the pinned file. */
function editHttpAdapter(file, source) {
  const actual = crypto.createHash('sha256').update(source).digest('hex');
  if (actual !== httpAdapter.sha256) throw new Error(`${file} changed (sha256 ${actual}); review the options src/core/api/httpLoader.ts passes it, and httpAdapter in scripts/axiosStandIns.js`);
  let out = source;
  for (const { from, to, by } of httpAdapter.edits) {
    const start = out.indexOf(from);
    const end = out.indexOf(to, start);
    if (start < 0 || end < 0 || out.indexOf(from, start + 1) >= 0) throw new Error(`${file}: an edit in scripts/axiosStandIns.js no longer applies (${JSON.stringify(from)})`);
    out = out.slice(0, start) + by + out.slice(end);
  }
  return withRefuse(out);
}

/**
 * axios's utils.js exports one object of about 60 helpers, and esbuild keeps every one of them; the
 * axios files we bundle use about 30. The object is cut to the names below (esbuild then drops the
 * other helpers, about 4 KB), and after each build every bundled axios file (as it is on disk: the
 * http adapter before its edits; stand-ins aside) is read for `utils.<name>` and `{ … } = utils`: a name not
 * kept fails the build, so a new axios cannot call a helper that is not there.
 */
const utilsKept = new Set(
  'asap findKey forEach freezeMethods getSafeProp hasOwnProp isArray isArrayBuffer isBlob isBuffer isFile isFormData isFunction isObject isPlainObject isRegExp isSafeIterable isSpecCompliantForm isStream isString isURLSearchParams isUndefined kindOf noop reduceDescriptors stripBOM toCamelCase toFiniteNumber toJSONObject toObjectSet'.split(' '),
);

/** utils.js with its default export cut to `utilsKept`; throws if that export is not where it was. */
function trimUtils(file, source) {
  const head = '\nexport default {\n';
  const start = source.indexOf(head);
  const end = source.indexOf('\n};', start);
  if (start < 0 || end < 0 || source.indexOf(head, start + 1) >= 0) throw new Error(`${file}: its default export is no longer one object literal; review utilsKept in scripts/axiosStandIns.js`);
  const entries = source
    .slice(start + head.length, end)
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trim().replace(/,$/, ''))
    .filter((entry) => entry !== '');
  const kept = entries.filter((entry) => utilsKept.has(entry.split(':')[0].trim()));
  const missing = [...utilsKept].filter((name) => !kept.some((entry) => entry.split(':')[0].trim() === name));
  if (missing.length > 0) throw new Error(`${file} no longer exports ${missing.join(', ')}; review utilsKept in scripts/axiosStandIns.js`);
  return `${source.slice(0, start)}${head}${kept.join(',\n')}\n};${source.slice(end + 3)}`;
}

/** The utils names a bundled axios file uses that utilsKept leaves out. */
function utilsNotKept(source) {
  const used = [...source.matchAll(/(?<![\w$./'"])utils\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]);
  for (const m of source.matchAll(/\{([^}]*)\}\s*=\s*utils\b/g)) used.push(...m[1].split(',').map((name) => name.split(':')[0].trim()));
  return [...new Set(used)].filter((name) => name !== '' && !utilsKept.has(name));
}

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
      return { contents: editHttpAdapter(args.path, await fs.promises.readFile(args.path, 'utf8')), loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]axios[\\/]lib[\\/]utils\.js$/ }, async (args) => {
      // the global FormData probe goes too (esbuild.js says why)
      const source = trimUtils(args.path, await fs.promises.readFile(args.path, 'utf8'));
      if (!source.includes(eagerFormData)) throw new Error(`${args.path}: the global FormData probe changed; review the stand-in in scripts/axiosStandIns.js`);
      return { contents: source.replace(eagerFormData, 'const FormDataCtor = undefined;'), loader: 'js' };
    });
    build.initialOptions.metafile = true;
    build.onEnd(async (result) => {
      if (!result.metafile) return;
      // the files with code in the output (an import whose code esbuild dropped whole contributes 0 bytes)
      const bundled = new Set(Object.values(result.metafile.outputs).flatMap((output) => Object.keys(output.inputs).filter((input) => output.inputs[input].bytesInOutput > 0)));
      for (const input of bundled) {
        const lib = /[\\/]axios[\\/]lib[\\/](.*)$/.exec(input)?.[1].replace(/\\/g, '/');
        // a stand-in's original is not bundled (its stand-in uses no utils)
        if (lib === undefined || lib === 'utils.js' || input.includes(':') || Object.hasOwn(axiosStandIns, lib)) continue;
        const names = utilsNotKept(await fs.promises.readFile(input, 'utf8'));
        if (names.length > 0) throw new Error(`${input} uses utils.${names.join(', utils.')}, which the bundle's cut utils.js leaves out: add to utilsKept in scripts/axiosStandIns.js`);
      }
    });
    build.onResolve({ filter: new RegExp(`^${REFUSE}$`) }, (args) => ({ path: args.path, namespace: REFUSE }));
    build.onLoad({ filter: /.*/, namespace: REFUSE }, () => ({ contents: refuseModule, loader: 'js' }));
  },
};

module.exports = { axiosStandIns, axiosStandInPlugin, trimUtils, utilsNotKept };
