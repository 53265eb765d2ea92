import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { JavaMissingError, type RunningDynamo, startDynamoLocal } from './dynamodb-local.js';
import { DEMO_STYLIST, seedDemoSalon } from './seed.js';
import { type LocalStack, startLocalStack } from './stack.js';

/** Used when OPERATOR_TOKEN is unset; local mode only, never deployed. */
const DEV_OPERATOR_TOKEN = 'local-dev-operator-token';

/** How often to check that the processes that started us are still there; cheap, and quick enough for a person. */
const PARENT_POLL_MS = 500;

/** A stop that hangs (a request stuck on a dead DynamoDB Local) must not keep the port and Java alive. */
const STOP_DEADLINE_MS = 10_000;

function portFromEnv(): number {
  const raw = process.env.PORT ?? '3000';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${raw}`);
  return port;
}

let dynamo: RunningDynamo | undefined;
let stack: LocalStack | undefined;
let stopping = false;

/** Stops the stack, then DynamoDB Local, then exits. Only the first call does anything. */
async function shutdown(code: number, reason?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (reason) console.error(reason);
  setTimeout(() => process.exit(code), STOP_DEADLINE_MS).unref();
  try {
    await stack?.stop();
    await dynamo?.stop();
  } finally {
    // DynamoDB Local's exit handler kills Java if its stop did not get that far.
    process.exit(code);
  }
}

/**
 * The processes of the command that started us: `npm start` runs npm → sh →
 * tsx → this, all in one process group (a terminal gives each command its
 * own group, so the shell the command was typed in is not among them). Our
 * parent always counts, whatever its group.
 */
function launcherPids(): number[] {
  const processes = new Map<number, { ppid: number; pgid: number }>();
  for (const line of execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid='], { encoding: 'utf8' }).split('\n')) {
    const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
    if (pid && ppid !== undefined && pgid !== undefined) processes.set(pid, { ppid, pgid });
  }
  const group = processes.get(process.pid)?.pgid;
  const pids = [process.ppid];
  for (let pid = processes.get(process.ppid)?.ppid; pid !== undefined && pid > 1; pid = processes.get(pid)?.ppid) {
    if (group === undefined || processes.get(pid)?.pgid !== group) break;
    pids.push(pid);
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * If npm or tsx is killed, nothing signals us: npm forwards SIGTERM to its
 * `sh`, which dies without passing it on, and SIGKILL is forwarded by no one.
 * So we watch them and stop when one has gone, and no server or Java process
 * outlives the command. Being re-parented also means our parent has gone,
 * even if it lingers as a zombie.
 */
function stopWhenLauncherEnds(): void {
  const parent = process.ppid;
  let launchers: number[];
  try {
    launchers = launcherPids();
  } catch {
    // No `ps`: our parent is still watched through process.ppid.
    launchers = [];
  }
  setInterval(() => {
    if (process.ppid !== parent || !launchers.every(isAlive)) {
      void shutdown(1, 'The command that started StaffGate has ended; StaffGate is stopping.');
    }
  }, PARENT_POLL_MS).unref();
}

async function main(): Promise<void> {
  // Node 20 locally, nodejs22.x on Lambda; the SDK versions are pinned in package-lock.json.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const port = portFromEnv();
  const dataDirSetting = process.env.DATA_DIR ?? '.data';
  const dataDir = dataDirSetting === ':memory:' ? undefined : dataDirSetting;
  const operatorToken = process.env.OPERATOR_TOKEN || DEV_OPERATOR_TOKEN;
  // SIGHUP: the terminal was closed.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
  process.on('uncaughtException', (error) => {
    console.error(error);
    void shutdown(1);
  });
  stopWhenLauncherEnds();

  // Started here rather than by startLocalStack so that its end, which breaks every request, ends us too.
  // Same folder as startLocalStack would use, so a kept DATA_DIR keeps its tables.
  dynamo = await startDynamoLocal(dataDir ? resolve(dataDir, 'dynamodb') : undefined);
  void dynamo.crashed.then((how) => shutdown(1, `DynamoDB Local stopped unexpectedly (${how}); StaffGate is stopping.`));
  stack = await startLocalStack({
    port,
    dataDir,
    operatorToken,
    region: process.env.AWS_REGION || 'eu-west-1',
    residency: process.env.RESIDENCY || 'EU',
    dynamoEndpoint: dynamo.endpoint,
  });
  const demo = await seedDemoSalon(stack.url, operatorToken, dataDir);

  console.log(`Data: ${dataDir ? `${dataDir}/ (kept between runs)` : 'in memory (DATA_DIR=:memory:)'}`);
  console.log(`DynamoDB Local: ${stack.dynamoEndpoint} (note: it listens on all interfaces)`);
  console.log(`Email viewer (aws-ses-v2-local): ${stack.sesUrl}`);
  console.log(`Outbox (email + SMS): ${stack.url}/_local/outbox`);
  console.log(`Hosted account pages: reset a password at ${stack.url}/account/reset, accept an invitation at ${stack.url}/account/invitation (the outbox's links lead there)`);
  console.log(`Change events (the region's bus stands in here; webhooks to http://127.0.0.1:<port> receive them too): ${stack.url}/_local/events?tenantId=${demo.tenantId}`);
  console.log(`Demo host app (the components on the demo salon): ${stack.url}/_local/demo/`);
  if (demo.staff) {
    console.log(`  Front desk PINs: ${DEMO_STYLIST.firstName} ${DEMO_STYLIST.lastName} ${demo.staff.stylistPin}; the owner (approves) ${demo.staff.ownerPin}`);
    console.log(`  Invitation waiting for ${demo.staff.newcomerEmail}: open its link from ${stack.url}/_local/outbox?to=${demo.staff.newcomerEmail}`);
  }
  console.log(`Operator token: ${operatorToken}${process.env.OPERATOR_TOKEN ? '' : ' (dev default; set OPERATOR_TOKEN to change)'}`);
  console.log(`Demo salon ${demo.tenantId}: log in as ${demo.ownerEmail} / ${demo.ownerPassword}`);
  console.log(`  curl -s ${stack.url}/v1/auth/login -H 'content-type: application/json' -d '{"login":"${demo.ownerEmail}","password":"${demo.ownerPassword}"}'`);
  console.log(`StaffGate listening on ${stack.url}`);
}

function isPortInUse(error: unknown): error is { port: number } {
  return (error as { code?: unknown }).code === 'EADDRINUSE' && typeof (error as { port?: unknown }).port === 'number';
}

main().catch((error: unknown) => {
  // A start cut short by a signal or by DynamoDB Local ending has already said why.
  if (stopping) return;
  if (error instanceof JavaMissingError) console.error(`StaffGate cannot start: ${error.message}`);
  else if (isPortInUse(error)) console.error(`StaffGate cannot start: port ${error.port} on 127.0.0.1 is in use. Stop what uses it, or set PORT to another port (0: any free one).`);
  else console.error('StaffGate cannot start:', error);
  void shutdown(1);
});
