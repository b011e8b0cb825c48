// Runs a bench script as the extension ships: bundled by esbuild with the production build's
// plugins and defines (esbuild.js: axios's HTTP adapter with its stand-ins, no request pipeline),
// not as TypeScript through a module loader. Under tsx each `import()` of an already loaded
// module still goes through the loader (about 1 ms of CPU), which the bundle's lazy require does not pay.
//   node --expose-gc bench/run.js bench/index.ts     (what `npm run bench` does)
// The bundle is written beside the entry (bench/.<name>.bundle.cjs), so __dirname stays bench/.
// Not minified (profiles keep function names); the production bundle's minification changes sizes, not speed.
const path = require('node:path');
const esbuild = require('esbuild');
const { bundlePlugins, define } = require('../esbuild.js');

async function main() {
  const entry = process.argv[2];
  if (!entry) throw new Error('usage: node --expose-gc bench/run.js bench/<script>.ts [args…]');
  const outfile = path.join(path.dirname(entry), `.${path.basename(entry, '.ts')}.bundle.cjs`);
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile,
    // the bench starts esbuild itself (bench/bundle.ts), and the stub `vscode` is its own file
    external: ['vscode', 'esbuild'],
    define,
    logLevel: 'warning',
    plugins: bundlePlugins,
  });
  process.argv.splice(1, 2, path.resolve(outfile));
  require(path.resolve(outfile));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
