import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildStacks } from './stacks.js';

const app = new App();
buildStacks(app);
// Findings are errors: `cdk synth` fails until each one is fixed or suppressed with a reason.
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
app.synth();
