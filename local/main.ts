import { JavaMissingError } from './dynamodb-local.js';
import { seedDemoSalon } from './seed.js';
import { type LocalStack, startLocalStack } from './stack.js';

/** Used when OPERATOR_TOKEN is unset; local mode only, never deployed. */
const DEV_OPERATOR_TOKEN = 'local-dev-operator-token';

function portFromEnv(): number {
  const raw = process.env.PORT ?? '3000';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${raw}`);
  return port;
}

async function main(): Promise<void> {
  // Node 20 locally, nodejs22.x on Lambda; the SDK versions are pinned in package-lock.json.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dataDirSetting = process.env.DATA_DIR ?? '.data';
  const dataDir = dataDirSetting === ':memory:' ? undefined : dataDirSetting;
  const operatorToken = process.env.OPERATOR_TOKEN || DEV_OPERATOR_TOKEN;
  let stack: LocalStack | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stack?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('uncaughtException', (error) => {
    console.error(error);
    void shutdown(1);
  });

  stack = await startLocalStack({
    port: portFromEnv(),
    dataDir,
    operatorToken,
    region: process.env.AWS_REGION || 'eu-west-1',
    residency: process.env.RESIDENCY || 'EU',
  });
  const demo = await seedDemoSalon(stack.url, operatorToken, dataDir);

  console.log(`Data: ${dataDir ? `${dataDir}/ (kept between runs)` : 'in memory (DATA_DIR=:memory:)'}`);
  console.log(`DynamoDB Local: ${stack.dynamoEndpoint} (note: it listens on all interfaces)`);
  console.log(`Email viewer (aws-ses-v2-local): ${stack.sesUrl}`);
  console.log(`Outbox (email + SMS): ${stack.url}/_local/outbox`);
  console.log(`Operator token: ${operatorToken}${process.env.OPERATOR_TOKEN ? '' : ' (dev default; set OPERATOR_TOKEN to change)'}`);
  console.log(`Demo salon ${demo.tenantId}: log in as ${demo.ownerEmail} / ${demo.ownerPassword}`);
  console.log(`  curl -s ${stack.url}/v1/auth/login -H 'content-type: application/json' -d '{"login":"${demo.ownerEmail}","password":"${demo.ownerPassword}"}'`);
  console.log(`StaffGate listening on ${stack.url}`);
}

main().catch((error: unknown) => {
  if (error instanceof JavaMissingError) console.error(`StaffGate cannot start: ${error.message}`);
  else console.error('StaffGate cannot start:', error);
  process.exit(1);
});
