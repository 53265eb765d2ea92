import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

type Manifest = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name) && !entry.parentPath.includes('node_modules') && !entry.parentPath.includes('/dist'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

const TYPE_ONLY = /^\s*(?:import|export)\s+type\b[^;]*;/gm;

/** The packages a file imports by bare name: what npm must have installed for it (to run it, or only to type-check it). */
function importedPackages(file: string, types: boolean): string[] {
  const source = readFileSync(join(root, file), 'utf8');
  const text = types ? source : source.replace(TYPE_ONLY, '');
  const specifiers = [...text.matchAll(IMPORT)].map((match) => match[1] ?? '');
  return specifiers
    .filter((specifier) => !/^[.#/]/.test(specifier) && !specifier.startsWith('node:') && !builtinModules.includes(specifier))
    .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
}

/** A type-only package such as `aws-lambda` is provided by its `@types/` package. */
const isDeclared = (name: string, declared: Set<string>) => declared.has(name) || declared.has(`@types/${name}`);

function undeclared(dirs: string[], declared: Set<string>, types = true): string[] {
  return dirs.flatMap((dir) =>
    sourceFiles(dir).flatMap((file) => importedPackages(file, types).filter((name) => !isDeclared(name, declared)).map((name) => `${file}: ${name}`)),
  );
}

const rootManifest = manifest('.');
const runtime = new Set(Object.keys(rootManifest.dependencies ?? {}));
const everything = new Set([...runtime, ...Object.keys(rootManifest.devDependencies ?? {}), '@staffgate/client', '@staffgate/components']);

describe('every package the code imports is declared, not merely present as another package’s dependency', () => {
  it('the Lambdas’ code (shared/, functions/) runs on runtime dependencies alone', () => {
    expect(undeclared(['shared', 'functions'], runtime, false)).toEqual([]);
  });

  it('and its type-only imports are declared too', () => {
    expect(undeclared(['shared', 'functions'], everything)).toEqual([]);
  });

  it('local mode, the stack, the pages, scripts, benchmarks and tests import only declared packages', () => {
    expect(undeclared(['local', 'infra', 'pages', 'scripts', 'bench', 'test'], everything)).toEqual([]);
  });

  it.each(['client', 'components'])('the %s package’s own source imports only its own dependencies', (workspace) => {
    const own = manifest(workspace);
    const declared = new Set([...Object.keys(own.dependencies ?? {}), ...Object.keys(own.devDependencies ?? {})]);
    expect(undeclared([`${workspace}/src`], declared)).toEqual([]);
  });
});
