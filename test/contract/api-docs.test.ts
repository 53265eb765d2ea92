import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_DOCS_FILE, renderApiDocs, renderFromFile } from '../../scripts/api-docs.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const openapi = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};

/** README.md and every Markdown file under docs/. */
function operatorDocs(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : name.endsWith('.md') ? [full] : [];
    });
  return [join(ROOT, 'README.md'), ...walk(join(ROOT, 'docs'))];
}

describe('docs/api.md', () => {
  it('is what scripts/api-docs.ts renders from the current openapi.json (run `npm run api-docs` after `npm run openapi`)', () => {
    expect(readFileSync(API_DOCS_FILE, 'utf8')).toBe(renderFromFile());
  });

  it('renders the same document to the same text', () => {
    expect(renderApiDocs(structuredClone(openapi) as never)).toBe(renderApiDocs(structuredClone(openapi) as never));
  });

  it('has a heading for every operation of openapi.json', () => {
    const text = readFileSync(API_DOCS_FILE, 'utf8');
    const headings = new Set([...text.matchAll(/^#### `([A-Z]+ \S+)`$/gm)].map((match) => match[1]));
    const operations = Object.entries(openapi.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...headings].sort()).toEqual(operations.sort());
  });
});

describe('README.md and docs/', () => {
  it('link to nothing outside the repository (no ../shared)', () => {
    const offenders = operatorDocs().flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => line.includes('../shared'))
        .map(({ index }) => `${file.slice(ROOT.length)}:${index + 1}`),
    );
    expect(offenders).toEqual([]);
  });
});
