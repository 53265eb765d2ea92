import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { ARGON2_RUNTIME_FILES, type FunctionName } from '#infra/constructs/staffgate-function.js';
import { stackName } from '#infra/settings.js';
import { firstDeployment, logicalId, synthStacks } from './support.js';

/**
 * Synthesizes one stack with real esbuild bundling into a temporary cdk.out
 * (outside the project, so nothing resolves through the project's node_modules)
 * and inspects the assets that would be uploaded.
 */
const outdir = mkdtempSync(join(tmpdir(), 'staffgate-cdk-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const context = firstDeployment();
const { app, stacks } = synthStacks({ outdir, context, bundle: context.deployments.map(({ region }) => stackName(region)) });
const stack = stacks[0];
if (!stack) throw new Error('cdk.json configures no deployment');
app.synth();
const template = Template.fromStack(stack);

const assetDir = (name: FunctionName): string => {
  const code = template.findResources('AWS::Lambda::Function')[logicalId(stack.functions[name])]?.Properties.Code as { S3Key: string };
  const dir = join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
  if (!existsSync(dir)) throw new Error(`no bundled asset for ${name} at ${dir}`);
  return dir;
};

const ARGON2_BINARY = 'node_modules/argon2/prebuilds/linux-arm64/argon2.armv8.glibc.node';
const importsArgon2 = (bundle: string) => /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']argon2["']/.test(bundle);
const functionNames = Object.keys(stack.functions) as FunctionName[];

describe('the auth function asset', () => {
  const dir = assetDir('auth');

  it('imports argon2 from node_modules instead of inlining it', () => {
    expect(importsArgon2(readFileSync(join(dir, 'index.mjs'), 'utf8'))).toBe(true);
  });

  it('ships the Linux arm64 (AArch64) build of the argon2 binding', () => {
    const header = readFileSync(join(dir, ARGON2_BINARY)).subarray(0, 20);
    expect([...header.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]); // ELF magic
    expect(header[4]).toBe(2); // EI_CLASS: 64-bit
    expect(header[5]).toBe(1); // EI_DATA: little endian
    expect(header.readUInt16LE(18)).toBe(0xb7); // e_machine: EM_AARCH64
  });

  it('ships exactly the runtime files of argon2 and its dependencies', () => {
    const shipped = readdirSync(join(dir, 'node_modules'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(join(dir, 'node_modules'), join(entry.parentPath, entry.name)));
    expect(shipped.sort()).toEqual([...ARGON2_RUNTIME_FILES].sort());
  });

  it('resolves argon2, its dependencies and its binding from the asset alone, as Lambda on arm64 will', () => {
    // node-gyp-build picks the prebuild for npm_config_arch/npm_config_platform; here they stand in for Graviton.
    const script = `
      const { createRequire } = require('node:module');
      const { dirname } = require('node:path');
      const fromBundle = createRequire(process.argv[1]);
      const main = fromBundle.resolve('argon2');
      const fromArgon2 = createRequire(main);
      fromArgon2.resolve('@phc/format');
      const gypBuild = fromArgon2('node-gyp-build');
      console.log(JSON.stringify({ main, binding: gypBuild.path(dirname(main)) }));
    `;
    const result = spawnSync(process.execPath, ['-e', script, join(dir, 'index.mjs')], {
      env: { PATH: process.env.PATH, npm_config_arch: 'arm64', npm_config_platform: 'linux' },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      main: join(dir, 'node_modules/argon2/argon2.cjs'),
      binding: join(dir, ARGON2_BINARY),
    });
  });
});

describe('every function asset', () => {
  it('is one ESM bundle that can require CommonJS, with a source map', () => {
    for (const name of functionNames) {
      const bundle = readFileSync(join(assetDir(name), 'index.mjs'), 'utf8');
      expect(bundle.startsWith("import { createRequire as __staffgateCreateRequire } from 'node:module';"), name).toBe(true);
      expect(existsSync(join(assetDir(name), 'index.mjs.map')), name).toBe(true);
    }
  });

  it('that imports argon2 carries the native binding, and no other does', () => {
    for (const name of functionNames) {
      const dir = assetDir(name);
      expect(existsSync(join(dir, ARGON2_BINARY)), name).toBe(importsArgon2(readFileSync(join(dir, 'index.mjs'), 'utf8')));
    }
  });
});
