import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The components as one ES module (lit and the typed client inside), for
 * the browsers salons use (ES2020), minified. Local mode serves the same
 * bundle to the demo host page, built in memory, so it is never stale.
 */
export async function componentsBundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return result.outputFiles[0]?.text ?? '';
}
