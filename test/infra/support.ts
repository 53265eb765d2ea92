import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { PROJECT_ROOT } from '#infra/constructs/staffgate-function.js';
import { buildStacks } from '#infra/stacks.js';
import type { StaffGateStack } from '#infra/staffgate-stack.js';

/** The context `cdk synth` uses (deployments, settings, feature flags), so tests synthesize what gets deployed. */
export function cdkContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

/** Context that keeps only the first configured deployment: stacks differ only by region and residency. */
export function firstDeployment(): { deployments: { region: string; residency: string }[] } {
  const [first] = cdkContext().deployments as { region: string; residency: string }[];
  if (!first) throw new Error('cdk.json configures no deployment');
  return { deployments: [first] };
}

export interface SynthOptions {
  context?: Record<string, unknown>;
  /** Stack names to run esbuild for; none by default, which keeps a synthesis at a few seconds. */
  bundle?: string[];
  outdir?: string;
}

export function synthStacks(options: SynthOptions = {}): { app: App; stacks: StaffGateStack[] } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: { ...cdkContext(), ...options.context, 'aws:cdk:bundling-stacks': options.bundle ?? [] },
  });
  return { app, stacks: buildStacks(app) };
}

export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
}

export function resources(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

export function only(template: Template, type: string): Resource {
  const found = Object.values(resources(template, type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as Resource;
}

/** The IAM statements of every policy attached to a role. */
export function roleStatements(template: Template, roleLogicalId: string): { Action: string | string[]; Resource: unknown; Condition?: unknown }[] {
  return Object.values(resources(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleLogicalId}"`))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: never[] }).Statement);
}

export function actionsOf(statement: { Action: string | string[] }): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}
