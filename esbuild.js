// Bundles the extension (src/extension.ts) into dist/extension.js.
//   node esbuild.js               development build with source maps
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --production  minified, no source maps (what `npm run package` ships)
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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
 * Build-time stand-ins for two packages axios pulls in that the extension never uses:
 * - `form-data` (and through it mime-types and the 137 KB mime-db) serves multipart uploads;
 *   we send none, and Node 20's spec-compliant global FormData, which axios's Node adapter
 *   also accepts, stands in for it.
 * - `debug` (follow-redirects, https-proxy-agent) prints only when the DEBUG environment
 *   variable names it, which no extension host sets; a silent logger stands in for it.
 * Together they save about 170 KB of the minified bundle (measured by `npm run bench`).
 */
const standIns = {
  'form-data': 'module.exports = globalThis.FormData;',
  debug: 'function silent() {} silent.enabled = false; module.exports = function createDebug() { return silent; };',
};
const standInPlugin = {
  name: 'stand-ins',
  setup(build) {
    build.onResolve({ filter: /^(form-data|debug)$/ }, (args) => ({ path: args.path, namespace: 'stand-in' }));
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
    define: { navigator: 'undefined' },
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    legalComments: production ? 'none' : 'inline',
    logLevel: 'warning',
    plugins: watch ? [standInPlugin, problemMatcherPlugin] : [standInPlugin],
  });
  if (watch) {
    await ctx.watch();
  } else {
    await ctx.rebuild();
    await ctx.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
