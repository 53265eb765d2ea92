// One emulated Lambda execution environment: a worker thread with its own process.env (the function's
// configuration from the template) that imports the function's bundle, as the Node.js runtime does, on
// the first invocation (cold start), then runs each event through the handler export.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { file, exportName, functionName, functionArn, memorySize, timeoutMs } = workerData;
// The template sets NODE_OPTIONS=--enable-source-maps; NODE_OPTIONS is read at process start, so a worker applies it here.
if (String(process.env.NODE_OPTIONS ?? '').includes('--enable-source-maps')) process.setSourceMapsEnabled(true);

let loading;
function load() {
  loading ??= import(pathToFileURL(file).href).then((module) => {
    const handler = module[exportName];
    if (typeof handler !== 'function') throw new Error(`Runtime.HandlerNotFound: ${file} does not export ${exportName}`);
    return handler;
  });
  // A failed init is retried on the next invocation, as Lambda does.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

parentPort.on('message', async ({ id, event }) => {
  const deadline = Date.now() + timeoutMs;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: String(memorySize),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'deployed-test',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  try {
    const handler = await load();
    const result = await handler(event, context);
    parentPort.postMessage({ id, ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      error: { name: error?.name ?? 'Error', message: String(error?.message ?? error), stack: String(error?.stack ?? '') },
    });
  }
});
