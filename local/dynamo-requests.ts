import { AsyncLocalStorage } from 'node:async_hooks';

const workers = new AsyncLocalStorage<true>();

/**
 * Runs a background worker's handler (the table-stream consumers, the local
 * queues). Deployed, each is its own function with its own client; here they
 * share the process, and what they send is not a request's cost.
 */
export function asWorker<T>(work: () => Promise<T>): Promise<T> {
  return workers.run(true, work);
}

/** Whether the code running now is a background worker's (see asWorker). */
export function inWorker(): boolean {
  return workers.getStore() === true;
}

/**
 * Counts the DynamoDB requests this process sends (outside the workers), for tests and benchmarks
 * that hold a route to a request budget. Attach after the local stack has
 * started (the client reads its configuration at load); stop when done.
 */
export async function countDynamoRequests(): Promise<{ readonly count: number; readonly commands: string[]; reset(): void; stop(): void }> {
  const { dynamo } = await import('#shared/clients/dynamodb.js');
  const name = `countDynamoRequests${Math.random().toString(36).slice(2)}`;
  let commands: string[] = [];
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      if (!inWorker()) commands.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name },
  );
  return {
    get count() {
      return commands.length;
    },
    /** The commands sent since the last reset, in order (`BatchGetItem`, `UpdateItem`…). */
    get commands() {
      return [...commands];
    },
    reset: () => {
      commands = [];
    },
    stop: () => {
      dynamo.middlewareStack.remove(name);
    },
  };
}
