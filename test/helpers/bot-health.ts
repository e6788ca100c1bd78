import type { BotProcess } from './bot-process.ts';

export interface ReadyzAnswer {
  status: number;
  body: { ready: boolean; checks: Record<string, { ok: boolean; detail: string }> };
}

/** The health endpoints of a bot started with `HEALTH_PORT: '0'`: the port it logged, and one call to each route. */
export interface BotHealth {
  port: number;
  readyz(): Promise<ReadyzAnswer>;
  /** The status of `/healthz`. */
  healthz(): Promise<number>;
}

export async function healthOf(bot: BotProcess, timeoutMs = 60_000): Promise<BotHealth> {
  await bot.logged('health server listening', timeoutMs);
  const port = Number(bot.logs().find((l) => String(l.msg).startsWith('health server listening'))!.port);
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  return {
    port,
    async readyz() {
      const res = await fetch(url('/readyz'));
      return { status: res.status, body: (await res.json()) as ReadyzAnswer['body'] };
    },
    healthz: async () => (await fetch(url('/healthz'))).status,
  };
}
