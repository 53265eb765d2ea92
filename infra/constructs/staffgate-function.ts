import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { ApiFunctionName } from '#shared/http/routes.js';

/** A directory under `functions/`: the API's bounded contexts (from the route table) and the workers. */
export type FunctionName = ApiFunctionName | 'authorizer' | 'message-sender' | 'table-stream' | 'change-events' | 'webhook-sender' | 'staff-import';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What the `argon2` package (pinned 0.44.0) loads at run time: its CommonJS
 * entry (`main`, it has no `exports` map), the Linux arm64 glibc prebuild that
 * node-gyp-build picks on Lambda's Graviton runtime, and its two runtime
 * dependencies. Licences travel with the copied code. Paths are relative to
 * `node_modules/`.
 *
 * Copied from the installed tree rather than through the `nodeModules` bundling
 * option, which would run `npm install` (network, install scripts, every
 * platform's prebuilds and the C sources) inside each synthesis.
 */
export const ARGON2_RUNTIME_FILES = [
  'argon2/package.json',
  'argon2/argon2.cjs',
  'argon2/LICENSE',
  'argon2/prebuilds/linux-arm64/argon2.armv8.glibc.node',
  '@phc/format/package.json',
  '@phc/format/index.js',
  '@phc/format/license',
  'node-gyp-build/package.json',
  'node-gyp-build/index.js',
  'node-gyp-build/node-gyp-build.js',
  'node-gyp-build/LICENSE',
] as const;

function shellQuote(path: string): string {
  return `'${path.replaceAll("'", `'\\''`)}'`;
}

function copyArgon2(inputDir: string, outputDir: string): string[] {
  return ARGON2_RUNTIME_FILES.map((file) => {
    const target = posix.join(outputDir, 'node_modules', file);
    const source = posix.join(inputDir, 'node_modules', file);
    return `mkdir -p ${shellQuote(posix.dirname(target))} && cp ${shellQuote(source)} ${shellQuote(target)}`;
  });
}

export interface StaffGateFunctionProps {
  name: FunctionName;
  environment: Record<string, string>;
  timeout: Duration;
  /**
   * Ships the native argon2 binding next to the bundle. Also buys 1024 MB:
   * Lambda allots CPU in proportion to memory, and argon2id is CPU and memory bound.
   */
  nativeArgon2?: boolean;
}

/**
 * Every StaffGate Lambda: Node 22 on Graviton, X-Ray, one minified ESM bundle
 * with a source map beside it (not loaded at run time), its own log group with a retention, and a role that can
 * write to that log group and nothing else until something is granted.
 */
export class StaffGateFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: StaffGateFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH });
    // An explicit role instead of AWSLambdaBasicExecutionRole, whose log permissions span every log group.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `StaffGate ${props.name} function`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: join(PROJECT_ROOT, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      description: `StaffGate ${props.name}`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.nativeArgon2 ? 1024 : 512,
      timeout: props.timeout,
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      // No NODE_OPTIONS=--enable-source-maps, measured: it makes Node parse the whole .map at import, on every
      // cold start. Import time of a bundle built as below (esbuild, minified ESM, sourcemap without
      // sourcesContent), 30 fresh `node` processes each way, Node 20.20 on the 2-core build machine:
      //   authorizer (404 kB bundle, 668 kB map): median 207 ms without, 371 ms with (+79 %, mean 208 → 382 ms)
      //   staff      (979 kB bundle, 1.29 MB map): median 498 ms without, 602 ms with (+21 %, mean 525 → 641 ms)
      // The authorizer runs before every session route, so its cold start adds to the target's. Stack traces
      // stay readable without it: keepNames keeps function and class names, handlers log error names and
      // codes (never messages), and the .map still ships next to the bundle to decode a position offline.
      environment: props.environment,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        // Error classes name themselves from `new.target.name`; minified names would reach logs and problems.
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        // The pinned SDK versions are the ones tested, not whatever the runtime happens to ship.
        bundleAwsSDK: true,
        // Bundled CommonJS dependencies call `require`, which an ES module does not have.
        banner: "import { createRequire as __staffgateCreateRequire } from 'node:module'; const require = __staffgateCreateRequire(import.meta.url);",
        // argon2 is never inlined: its loader finds the .node file from `__dirname`, which an ES module bundle
        // lacks. A function importing it without `nativeArgon2` fails at cold start, and the bundling test says so.
        externalModules: ['argon2'],
        ...(props.nativeArgon2
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: copyArgon2,
              },
            }
          : {}),
      },
    });

    NagSuppressions.addResourceSuppressions(this, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22 (LTS until April 2027) is pinned on purpose: bundles target node22 and are tested on it. Moving to a newer runtime is a deliberate upgrade, not a side effect of a CDK release.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }
}
