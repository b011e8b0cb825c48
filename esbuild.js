// Bundles the extension (src/extension.ts) into dist/extension.js.
//   node esbuild.js               development build with source maps
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --production  minified, no source maps (what `npm run package` ships)
//   add --metafile                also write dist/meta.json (what each input adds to the bundle)
const fs = require('node:fs');
const esbuild = require('esbuild');
const { axiosStandInPlugin } = require('./scripts/axiosStandIns');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const metafile = process.argv.includes('--metafile');

/** Prints build errors in the `file:line:col: error: msg` form VS Code's problem matchers read. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * Build-time stand-ins for code axios pulls in that the extension never runs:
 * - `form-data` (and through it mime-types and the 137 KB mime-db) serves multipart uploads;
 *   we send none. The stand-in is a class that refuses to be built, and reads no global at
 *   load time (Node's global FormData loads undici, about 50 ms, on first touch).
 * - `debug` (follow-redirects, https-proxy-agent) prints only when the DEBUG environment
 *   variable names it, which no extension host sets; a silent logger stands in for it.
 * - `follow-redirects`: axios uses it only for requests that may follow redirects, and every
 *   request the client sends sets `maxRedirects: 0` (credentials never follow a redirect). The
 *   stand-in throws if that ever changes, instead of following silently.
 * - axios's utils.js reads the global FormData when loaded (for an `instanceof` test), which
 *   makes Node load undici (about 45 ms of activation). Without it, its isFormData() still
 *   recognises a FormData by its tag ("[object FormData]"); we send none anyway. The build fails
 *   if a new axios changes that line, so the stand-in cannot silently stop applying
 *   (scripts/axiosStandIns.js, which also cuts utils.js to the helpers the bundled files use).
 * - more axios internals we never run (form data, data: URLs, HTTP/2, params, progress, bodies
 *   read whole or sent from a stream): scripts/axiosStandIns.js, each pinned by its file's hash.
 * And one refusal: axios's main entry (its request pipeline: defaults, interceptors, transforms,
 * its fetch and xhr adapters) is not bundled. src/core/api/httpLoader.ts calls axios's http
 * adapter directly; importing 'axios' for anything but types fails the build.
 * Measured by `npm run bench` (bundle size; require + activate in-process).
 */
const standIns = {
  'form-data': 'module.exports = class FormDataStandIn { constructor() { throw new Error("multipart form data is not bundled"); } };',
  debug: 'function silent() {} silent.enabled = false; module.exports = function createDebug() { return silent; };',
  'follow-redirects':
    'const refuse = { request() { throw new Error("follow-redirects is not bundled: requests must set maxRedirects: 0"); } }; module.exports = { http: refuse, https: refuse };',
};
const standInPlugin = {
  name: 'stand-ins',
  setup(build) {
    build.onResolve({ filter: /^(form-data|debug|follow-redirects)$/ }, (args) => ({ path: args.path, namespace: 'stand-in' }));
    build.onResolve({ filter: /^axios$/ }, (args) => ({
      errors: [{ text: `${args.importer}: axios's main entry (its request pipeline, about 16 KB) is not bundled; send requests through src/core/api/httpLoader.ts (axios's http adapter)` }],
    }));
    build.onLoad({ filter: /.*/, namespace: 'stand-in' }, (args) => ({ contents: standIns[args.path], loader: 'js' }));
  },
};

async function main() {
  const ctx = await esbuild.context({
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile: 'dist/extension.js',
    external: ['vscode'],
    // axios (and debug's browser half) probe the global `navigator` to detect a browser. In the
    // extension host of newer VS Code (Node 22+) that global is a trap that logs a
    // PendingMigrationError into the user's error log on every activation. We always run in
    // Node here, so the probe is answered at build time.
    define: module.exports.define,
    minify: production,
    // non-ASCII text (…, ·, “”) as itself, not as \u escapes: JavaScript files are read as UTF-8
    charset: 'utf8',
    sourcemap: !production,
    sourcesContent: false,
    legalComments: production ? 'none' : 'inline',
    logLevel: 'warning',
    metafile,
    plugins: watch ? [...module.exports.bundlePlugins, problemMatcherPlugin] : module.exports.bundlePlugins,
  });
  if (watch) {
    await ctx.watch();
  } else {
    const result = await ctx.rebuild();
    await ctx.dispose();
    if (metafile) fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
  }
}

// test/unit/bundledClient.test.ts bundles the API client with these, as shipped.
module.exports = { bundlePlugins: [standInPlugin, axiosStandInPlugin], define: { navigator: 'undefined' } };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
