import { Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { type Resource, synthStacks } from './support.js';

// With this flag on (as in cdk.json) an unsuppressed finding makes synthesis itself throw, before the
// assertions below could list the findings; it changes how findings are reported, not which are found.
const { app, stacks } = synthStacks({ context: { '@aws-cdk/core:annotationsInValidationReport': false } });
Aspects.of(app).add(new AwsSolutionsChecks());
const cases = stacks.map((stack) => [stack.stackName, Annotations.fromStack(stack), Template.fromStack(stack)] as const);

describe('cdk-nag AwsSolutions', () => {
  const finding = Match.stringLikeRegexp('AwsSolutions-.*');

  it.each(cases)('finds nothing unsuppressed in %s', (_, annotations) => {
    const render = (entries: { id: string; entry: { data?: unknown } }[]) => entries.map((e) => `${e.id}: ${String(e.entry.data)}`);
    expect(render(annotations.findError('*', finding))).toEqual([]);
    expect(render(annotations.findWarning('*', finding))).toEqual([]);
  });

  it.each(cases)('suppresses only with a reason someone can check in %s', (_, __, template) => {
    const { Resources } = template.toJSON() as { Resources: Record<string, Resource> };
    const suppressions = Object.values(Resources).flatMap(
      (resource) => ((resource.Metadata?.cdk_nag as { rules_to_suppress?: { id: string; reason: string }[] }) ?? {}).rules_to_suppress ?? [],
    );
    expect(suppressions.length).toBeGreaterThan(0);
    for (const suppression of suppressions) expect(suppression.reason.length, suppression.id).toBeGreaterThanOrEqual(40);
  });
});
