import { vi } from 'vitest';

/**
 * Captures everything this process logs: console calls and raw writes to
 * stdout/stderr (the service's logger writes either way, by mode). Call
 * before the API starts, with the log level the test needs.
 */
export function captureLogs(level = 'DEBUG'): { text(): string } {
  const captured: string[] = [];
  process.env.POWERTOOLS_LOG_LEVEL = level;
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      captured.push(args.map(String).join(' '));
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  return { text: () => captured.join('\n') };
}
