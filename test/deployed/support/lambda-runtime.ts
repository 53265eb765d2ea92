import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '#infra/constructs/staffgate-function.js';
import type { CfnResource, Intrinsics } from './template.js';

const WORKER = new URL('./lambda-worker.mjs', import.meta.url);

export class InvocationError extends Error {
  constructor(
    readonly functionName: string,
    readonly errorName: string,
    message: string,
    readonly remoteStack: string,
  ) {
    super(message);
    this.name = 'InvocationError';
  }
}

/** The asset directory a function's `Code` names: `aws:asset:path` metadata if present, else `asset.<S3Key hash>`. */
export function assetDirectory(outdir: string, resource: CfnResource): string {
  const fromMetadata = resource.Metadata?.['aws:asset:path'] as string | undefined;
  const key = (resource.Properties?.Code as { S3Key?: string } | undefined)?.S3Key;
  const dir = fromMetadata ? join(outdir, fromMetadata) : key ? join(outdir, `asset.${key.replace(/\.zip$/, '')}`) : undefined;
  if (!dir || !existsSync(dir)) throw new Error(`no asset directory for function code ${JSON.stringify(resource.Properties?.Code)}`);
  return dir;
}

/**
 * The asset carries argon2's linux-arm64 prebuild only (Lambda runs on Graviton). On another
 * architecture, the copy gets the package's own prebuild for this host from the project's
 * node_modules, next to the arm64 one, so the asset's own loader (node-gyp-build) picks it.
 */
function adaptNativeModules(dir: string, notes: string[]): void {
  const prebuilds = join(dir, 'node_modules/argon2/prebuilds');
  if (!existsSync(prebuilds)) return;
  const host = `${process.platform}-${process.arch}`;
  if (readdirSync(prebuilds).includes(host)) return;
  const shipped = readdirSync(prebuilds).join(', ');
  cpSync(join(PROJECT_ROOT, 'node_modules/argon2/prebuilds', host), join(prebuilds, host), { recursive: true });
  notes.push(`argon2: the asset ships ${shipped} only; loading the package's own ${host} build on this ${process.arch} host`);
}

export interface FunctionSpec {
  logicalId: string;
  /** Physical name (what the role's fake access key id is derived from). */
  name: string;
  arn: string;
  environment: Record<string, string>;
}

/**
 * One function from the cloud assembly, run as Lambda would: the template's `Handler`
 * (file.export) in a copy of its asset directory, with the template's environment
 * (intrinsics resolved to local stand-ins) as the worker's own `process.env`.
 */
export class EmulatedFunction {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  readonly invocations: { ok: boolean; ms: number }[] = [];

  constructor(
    readonly spec: FunctionSpec,
    private readonly file: string,
    private readonly exportName: string,
    private readonly memorySize: number,
    private readonly timeoutMs: number,
  ) {}

  static prepare(options: {
    logicalId: string;
    intrinsics: Intrinsics;
    outdir: string;
    workDir: string;
    baseEnvironment: Record<string, string>;
    notes: string[];
  }): EmulatedFunction {
    const { logicalId, intrinsics, outdir, workDir, notes } = options;
    const resource = intrinsics.resource(logicalId);
    const properties = resource.Properties ?? {};
    const copy = join(workDir, logicalId);
    cpSync(assetDirectory(outdir, resource), copy, { recursive: true });
    adaptNativeModules(copy, notes);
    const handler = String(properties.Handler);
    const dot = handler.lastIndexOf('.');
    const base = handler.slice(0, dot);
    const file = ['.mjs', '.js', '.cjs'].map((ext) => join(copy, base + ext)).find((candidate) => existsSync(candidate));
    if (!file) throw new Error(`${logicalId}: handler file ${base}.{mjs,js,cjs} not in its asset`);
    const variables = intrinsics.resolve(properties.Environment?.Variables ?? {}) as Record<string, string>;
    const name = intrinsics.ref(logicalId);
    const arn = intrinsics.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }) as string;
    const environment = {
      ...options.baseEnvironment,
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(properties.MemorySize ?? 128),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_EXECUTION_ENV: `AWS_Lambda_${properties.Runtime}`,
      LAMBDA_TASK_ROOT: copy,
      _HANDLER: handler,
      ...variables,
    };
    return new EmulatedFunction(
      { logicalId, name, arn, environment },
      file,
      handler.slice(dot + 1),
      Number(properties.MemorySize ?? 128),
      Number(properties.Timeout ?? 3) * 1000,
    );
  }

  /** Credentials are per function: the AWS stand-in knows the caller (and so the role) by its access key id. */
  withCredentials(accessKeyId: string): this {
    Object.assign(this.spec.environment, {
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: 'deployed-test-secret',
      AWS_SESSION_TOKEN: 'deployed-test-session',
    });
    return this;
  }

  private start(): Worker {
    const worker = new Worker(WORKER, {
      env: this.spec.environment,
      workerData: {
        file: this.file,
        exportName: this.exportName,
        functionName: this.spec.name,
        functionArn: this.spec.arn,
        memorySize: this.memorySize,
        timeoutMs: this.timeoutMs,
      },
    });
    worker.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: { name: string; message: string; stack: string } }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.result);
      else {
        const error = message.error ?? { name: 'Error', message: 'unknown', stack: '' };
        waiting.reject(new InvocationError(this.spec.name, error.name, error.message, error.stack));
      }
    });
    worker.on('error', (error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      this.worker = undefined;
    });
    worker.on('exit', () => {
      this.worker = undefined;
    });
    worker.unref();
    return worker;
  }

  /** Invokes the handler with `event` (structured-cloned, as JSON would be), within the function's timeout. */
  async invoke<T = any>(event: unknown): Promise<T> {
    this.worker ??= this.start();
    const worker = this.worker;
    const id = this.nextId++;
    const started = Date.now();
    const result = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        reject(new InvocationError(this.spec.name, 'Sandbox.Timedout', `Task timed out after ${this.timeoutMs / 1000} seconds`, ''));
      }, this.timeoutMs);
      timer.unref();
    });
    worker.postMessage({ id, event: JSON.parse(JSON.stringify(event)) });
    try {
      const value = await result;
      this.invocations.push({ ok: true, ms: Date.now() - started });
      return value;
    } catch (error) {
      this.invocations.push({ ok: false, ms: Date.now() - started });
      throw error;
    }
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
