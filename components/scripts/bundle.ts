import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

/**
 * For the browsers salons use (ES2020), minified. The typed client comes
 * from its source, not its built `dist/`: a fresh clone's `npm start` serves
 * the components before anything was built.
 */
const browserBuildOptions = (entry: URL) =>
  ({
    entryPoints: [fileURLToPath(entry)],
    alias: { '@staffgate/client': fileURLToPath(new URL('../../client/src/index.ts', import.meta.url)) },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  }) satisfies BuildOptions;

/** One browser ES module bundled from `entry` (a URL of a TypeScript file). */
export async function browserModule(entry: URL): Promise<string> {
  const result = await build(browserBuildOptions(entry));
  return result.outputFiles[0]?.text ?? '';
}

/**
 * The files a browser module is made of, relative to the working directory:
 * every file the bundler read, and those that still put code into it after
 * tree shaking.
 */
export async function browserModuleFiles(entry: URL): Promise<{ read: string[]; contributing: string[] }> {
  const result = await build({ ...browserBuildOptions(entry), metafile: true });
  const output = Object.values(result.metafile.outputs)[0];
  return {
    read: Object.keys(result.metafile.inputs),
    contributing: Object.entries(output?.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([file]) => file),
  };
}

/**
 * The components as one ES module (lit and the typed client inside). Local
 * mode serves the same bundle to the demo host page, built in memory, so it
 * is never stale.
 */
export function componentsBundle(): Promise<string> {
  return browserModule(new URL('../src/index.ts', import.meta.url));
}
