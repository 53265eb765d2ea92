import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * One browser ES module bundled from `entry` (a URL of a TypeScript file),
 * for the browsers salons use (ES2020), minified.
 */
export async function browserModule(entry: URL): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
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

/**
 * The components as one ES module (lit and the typed client inside). Local
 * mode serves the same bundle to the demo host page, built in memory, so it
 * is never stale.
 */
export function componentsBundle(): Promise<string> {
  return browserModule(new URL('../src/index.ts', import.meta.url));
}
