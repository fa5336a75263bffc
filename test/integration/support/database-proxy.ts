/**
 * A TCP proxy in front of the shared PostgreSQL, so a test can take the database away from one
 * client (an API process, a store) without stopping the server others use: closing the proxy and
 * its sockets is, to that client, the server going away (pooled connections break, new ones are
 * refused); accepting without forwarding is a server that hangs.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP proxy to PostgreSQL that a test can cut (`down`), make hang (`blackhole`) or restore (`up`). */
export class DatabaseProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private mode: 'up' | 'blackhole' = 'up';

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** Listens (again) on the same port; `mode` says whether connections reach PostgreSQL. */
  async listen(mode: 'up' | 'blackhole'): Promise<void> {
    this.cut();
    this.mode = mode;
    if (this.server !== undefined) return;
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Stops listening and breaks every connection: PostgreSQL is gone for the API. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.cut();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private cut(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private accept(client: Socket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    if (this.mode === 'blackhole') return; // accepted, never answered
    const upstream = connect(this.target.port, this.target.host);
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
