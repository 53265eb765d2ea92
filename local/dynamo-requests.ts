/**
 * Counts the DynamoDB requests this process sends, for tests and benchmarks
 * that hold a route to a request budget. Attach after the local stack has
 * started (the client reads its configuration at load); stop when done.
 */
export async function countDynamoRequests(): Promise<{ readonly count: number; reset(): void; stop(): void }> {
  const { dynamo } = await import('#shared/clients/dynamodb.js');
  const name = `countDynamoRequests${Math.random().toString(36).slice(2)}`;
  let count = 0;
  dynamo.middlewareStack.add(
    (next) => async (args) => {
      count += 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return {
    get count() {
      return count;
    },
    reset: () => {
      count = 0;
    },
    stop: () => {
      dynamo.middlewareStack.remove(name);
    },
  };
}
