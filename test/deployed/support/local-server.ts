import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP server on a free local port, for the emulated AWS endpoints; `handle` failures go to `onError`. */
export class LocalServer {
  private server: Server | undefined;

  async listen(
    handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
    onError: (error: unknown, request: IncomingMessage, response: ServerResponse) => void,
  ): Promise<string> {
    this.server = createServer((request, response) => {
      void handle(request, response).catch((error: unknown) => onError(error, request, response));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
