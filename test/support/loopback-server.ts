import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  /** `http://localhost:<port>`, no trailing slash. */
  readonly url: string;
  /** Stops listening and cuts open connections (keep-alive sockets of a browser or SDK would hold it open). */
  close(): Promise<void>;
}

/** Starts `server` on an ephemeral loopback port for a test. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
