/**
 * Bundles src/ into one ESM file, dist/index.js. The package's own
 * dependencies stay imports (the host installs them); anything else src/
 * imports, such as code from the repo's shared/, is bundled in, so the
 * published package needs nothing from this repo.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };

await build({
  entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
  outfile: fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: Object.keys(manifest.dependencies),
  sourcemap: true,
  logLevel: 'warning',
});
