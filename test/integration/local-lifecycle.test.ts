import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { type AddressInfo, connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a person runs it (tsx → local/main.ts → DynamoDB Local and
 * its reaper), killed the ways it gets killed. Each case needs a local mode
 * of its own; they start side by side, since each takes seconds.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const START_TIMEOUT_MS = 90_000;

interface Started {
  tsx: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  port: number;
  /** local/main.ts itself, DynamoDB Local's Java process and the reaper watching it. */
  main: number;
  java: number;
  reaper: number;
}

const started: Started[] = [];

function processTable(): { pid: number; ppid: number; args: string }[] {
  return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .flatMap((line) => {
      const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
      return match ? [{ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] ?? '' }] : [];
    });
}

function childOf(pid: number, argsPattern: RegExp): number {
  const child = processTable().find((entry) => entry.ppid === pid && argsPattern.test(entry.args));
  if (!child) throw new Error(`no child of ${pid} matching ${argsPattern}`);
  return child.pid;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function spawnLocalMode(port: number): Pick<Started, 'tsx' | 'output' | 'exited'> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: ':memory:' };
  // vitest's own loader options are not local mode's.
  delete env.NODE_OPTIONS;
  const tsx = spawn(TSX, ['local/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  tsx.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  tsx.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => tsx.once('exit', (code) => resolve(code)));
  return { tsx, output: () => output, exited };
}

async function startLocalMode(): Promise<Started> {
  const entry: Partial<Started> & Pick<Started, 'tsx' | 'output'> = spawnLocalMode(0);
  started.push(entry as Started);
  const { tsx, output } = entry;
  const listening = await waitUntil(() => /StaffGate listening on http:\/\/127\.0\.0\.1:\d+/.test(output()) || tsx.exitCode !== null, START_TIMEOUT_MS);
  const port = Number(/StaffGate listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output())?.[1]);
  if (!listening || !port) throw new Error(`local mode did not start:\n${output()}`);
  const main = childOf(tsx.pid as number, /local\/main\.ts/);
  Object.assign(entry, { port, main, java: childOf(main, /DynamoDBLocal\.jar/), reaper: childOf(main, /^\S*node -e /) });
  return entry as Started;
}

let runs: Record<'dynamoDies' | 'sigterm' | 'orphaned', Started>;

beforeAll(async () => {
  const [dynamoDies, sigterm, orphaned] = await Promise.all([startLocalMode(), startLocalMode(), startLocalMode()]);
  runs = { dynamoDies, sigterm, orphaned } as typeof runs;
}, START_TIMEOUT_MS + 10_000);

afterAll(() => {
  // A failed case must not leave its processes behind.
  for (const run of started) {
    for (const pid of [run.tsx.pid, run.main, run.java, run.reaper]) {
      if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  }
});

async function expectAllStopped(run: Started): Promise<void> {
  expect(await waitUntil(() => ![run.main, run.java, run.reaper].some(isAlive), 15_000), 'local mode’s processes have stopped').toBe(true);
  expect(await portAccepts(run.port)).toBe(false);
}

describe('local mode (npm start)', () => {
  it('stops everything, with one line and a non-zero exit, when DynamoDB Local dies', async () => {
    const run = runs.dynamoDies;
    process.kill(run.java, 'SIGKILL');
    const code = await run.exited;
    expect(code).not.toBe(0);
    const lines = run.output().split('\n').filter((line) => line.includes('DynamoDB Local stopped unexpectedly'));
    expect(lines).toEqual(['DynamoDB Local stopped unexpectedly (signal SIGKILL); StaffGate is stopping.']);
    await expectAllStopped(run);
  });

  it('stops everything, cleanly, on SIGTERM', async () => {
    const run = runs.sigterm;
    // To StaffGate's own process (local/main.ts), which a terminal, systemd or `kill -TERM -<pgid>` signals
    // along with the rest of the command. Not to tsx as well: tsx waits only 30 ms for the script to acknowledge
    // a signal it relays (and drops an acknowledgement that comes before its own signal), then SIGKILLs it and
    // exits 143, which on a busy machine it may do to a script that was stopping cleanly; the reaper covers that,
    // and the case below covers a launcher that goes. tsx exits with the script's own code: 0 is a clean stop.
    process.kill(run.main, 'SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain('stopped unexpectedly');
    await expectAllStopped(run);
  });

  it('says which port is taken, and stops, when its port is in use', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = spawnLocalMode(port);
      started.push(run as Started);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`StaffGate cannot start: port ${port} on 127.0.0.1 is in use. Stop what uses it, or set PORT to another port (0: any free one).`);
      expect(run.output()).not.toContain('StaffGate listening');
    } finally {
      taken.close();
    }
  });

  it('stops everything when the process that started it is killed outright', async () => {
    const run = runs.orphaned;
    run.tsx.kill('SIGKILL');
    await run.exited;
    await expectAllStopped(run);
    expect(run.output()).toContain('The command that started StaffGate has ended; StaffGate is stopping.');
  });
});
