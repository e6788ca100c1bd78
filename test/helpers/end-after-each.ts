import { afterEach } from 'vitest';
import type { BotProcess } from './bot-process.ts';

/** A fake server a test starts and must close. */
interface Closable {
  close(): Promise<unknown>;
}

/**
 * Ends a test file's bot processes and fake servers after each test: the bots pushed on the returned list first (each
 * resumed, in case the test froze it with SIGSTOP, then killed with `crash` or shut down with `stop`), then the servers
 * `servers()` returns, each closed once (a server a later test did not replace is not closed twice).
 */
export function endAfterEach(opts: { servers: () => Array<Closable | undefined>; end?: 'crash' | 'stop' }): BotProcess[] {
  const bots: BotProcess[] = [];
  const closed = new WeakSet<Closable>();
  afterEach(async () => {
    for (const bot of bots.splice(0)) {
      bot.proc.kill('SIGCONT');
      await (opts.end === 'stop' ? bot.stop() : bot.crash());
    }
    for (const server of opts.servers()) {
      if (!server || closed.has(server)) continue;
      closed.add(server);
      await server.close();
    }
  });
  return bots;
}
