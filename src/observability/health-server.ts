import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Readiness } from './readiness.ts';

/** One route of the health server, in the shape Bolt's HTTPReceiver `customRoutes` takes too (port sharing). */
export interface HealthRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface HealthEndpoints {
  registry: Registry;
  readiness: () => Promise<Readiness>;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

const json = (res: ServerResponse, status: number, body: unknown) => send(res, status, 'application/json', `${JSON.stringify(body)}\n`);

/**
 * `/healthz` (liveness: answering at all means the event loop turns), `/readyz` (200 or 503 with every check and its
 * detail) and `/metrics` (Prometheus text format).
 */
export function healthRoutes(e: HealthEndpoints): HealthRoute[] {
  const guard = (res: ServerResponse, work: () => Promise<void>) =>
    void work().catch((err: unknown) => json(res, 500, { error: (err as Error).message }));
  return [
    { path: '/healthz', method: ['GET', 'HEAD'], handler: (_req, res) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET', 'HEAD'],
      handler: (_req, res) =>
        guard(res, async () => {
          const r = await e.readiness();
          json(res, r.ready ? 200 : 503, r);
        }),
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => guard(res, async () => send(res, 200, e.registry.contentType, await e.registry.metrics())),
    },
  ];
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Serves the health routes on their own port (HEALTH_PORT); anything else is 404. */
export async function startHealthServer(routes: HealthRoute[], port: number, host?: string): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://health').pathname;
    const route = routes.find((r) => r.path === path);
    if (!route) return json(res, 404, { error: 'not found' });
    if (!route.method.includes(req.method ?? 'GET')) return json(res, 405, { error: 'method not allowed' });
    route.handler(req, res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
