import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stackName } from '#infra/settings.js';
import { cdkContext, synthStacks } from '../../infra/support.js';
import type { CfnTemplate } from './template.js';

export interface SynthesizedStack {
  stackName: string;
  region: string;
  residency: string;
  template: CfnTemplate;
}

export interface CloudAssembly {
  outdir: string;
  stacks: SynthesizedStack[];
  remove(): void;
}

/**
 * Synthesizes the app in-process, as `cdk synth` does (cdk.json context, esbuild bundling of every
 * stack), into a temporary cdk.out outside the project, and reads back what it wrote: the templates
 * from disk and the assets next to them. Nothing from the constructs in memory is used afterwards.
 */
export function synthesizeCloudAssembly(): CloudAssembly {
  const deployments = cdkContext().deployments as { region: string; residency: string }[];
  // An operator's existing cdk.out (`npx cdk synth`) can be tested as it is: STAFFGATE_CDK_OUT=cdk.out.
  const existing = process.env.STAFFGATE_CDK_OUT;
  const outdir = existing ? resolve(existing) : mkdtempSync(join(tmpdir(), 'staffgate-deployed-'));
  if (!existing) {
    const { app } = synthStacks({ outdir, bundle: deployments.map(({ region }) => stackName(region)) });
    app.synth();
  }
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; environment?: string; properties?: { templateFile?: string } }>;
  };
  const stacks = Object.entries(manifest.artifacts)
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .map(([name, artifact]) => {
      const region = String(artifact.environment?.split('/').at(-1));
      const template = JSON.parse(readFileSync(join(outdir, artifact.properties?.templateFile ?? `${name}.template.json`), 'utf8')) as CfnTemplate;
      const residency = deployments.find((d) => d.region === region)?.residency ?? 'unknown';
      return { stackName: name, region, residency, template };
    });
  return { outdir, stacks, remove: () => (existing ? undefined : rmSync(outdir, { recursive: true, force: true })) };
}
