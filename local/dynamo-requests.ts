/**
 * Counts the DynamoDB requests this process sends, for tests and benchmarks
 * that hold a route to a request budget. Attach after the local stack has
 * started (the client reads its configuration at load); stop when done.
 */
export async function countDynamoRequests(): Promise<{ readonly count: number; readonly commands: string[]; reset(): void; stop(): void }> {
  const { dynamo } = await import('#shared/clients/dynamodb.js');
  const name = `countDynamoRequests${Math.random().toString(36).slice(2)}`;
  let commands: string[] = [];
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName).replace(/Command$/, ''));
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
