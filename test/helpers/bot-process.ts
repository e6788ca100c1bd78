import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

/** Every variable that would make the bot talk to a real platform or store; a spawned bot gets only what a test sets. */
const CLEARED = [
  'DISCORD_TOKEN', 'DISCORD_API_URL', 'DISCORD_GUILD_ID', 'DISCORD_REGISTER_ON_START', 'DISCORD_SHARDS', 'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_API_URL', 'SLACK_ADMIN_USERS', 'STORE_URL', 'STORE_PREFIX', 'HF_ENDPOINT',
];

/** A real `npm start` bot (`node --import tsx bin/start.ts`) running as a child process. */
export interface BotProcess {
  proc: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved as received. */
  output(): string;
  /** The pino JSON lines it logged so far (non-JSON lines are skipped). */
  logs(): Array<Record<string, unknown> & { msg?: string; level?: number }>;
  /** Resolves when it has logged a line whose `msg` contains `text` (rejects with its output after `timeoutMs`). */
  logged(text: string, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGKILL (a crash: no handler runs) and waits for the exit. */
  crash(): Promise<void>;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the bot with a clean environment: platform credentials, store and source come only from `env`. */
export function startBot(env: Record<string, string>): BotProcess {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CLEARED) delete clean[name];
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
    cwd: root,
    env: { ...clean, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('close', (code, signal) => resolve({ code, signal })),
  );
  const logs = () =>
    out.split('\n').flatMap((line) => {
      try {
        return line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  return {
    proc,
    output: () => out,
    logs,
    async logged(text, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!logs().some((l) => String(l.msg ?? '').includes(text))) {
        if (proc.exitCode !== null || proc.signalCode !== null || Date.now() > deadline)
          throw new Error(`the bot did not log "${text}"; its output:\n${out.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    exited,
    async crash() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return (await exited).code;
    },
  };
}

/** For `.catch(…)` on a wait: fails with the wait's message followed by the end of what `bot` printed. */
export const withOutputOf =
  (bot: BotProcess) =>
  (err: Error): never => {
    throw new Error(`${err.message}; the bot said:\n${bot.output().slice(-4000)}`);
  };
