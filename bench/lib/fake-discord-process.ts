// The fake Discord in its own process, so that its CPU (gateway frames, REST parsing) is not the bot's: a child of the
// benchmark, driven over IPC. Started by `startFakeDiscordProcess`; argv[2] is the FakeDiscordOptions as JSON.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord, type FakeDiscordOptions } from '../../test/fakes/discord-server.ts';
import { burstOfToday, type InteractionTimes } from './interaction-timing.ts';

type Request = { burst: number } | { close: true };
type Answer = { ready: { apiUrl: string; token: string } } | { times: InteractionTimes; requests: number };

export interface FakeDiscordProcess {
  apiUrl: string;
  token: string;
  /** Dispatches `n` `/papers today` at once in the fake's process and reports the times it observed. */
  burst(n: number): Promise<InteractionTimes & { requests: number }>;
  close(): Promise<void>;
}

export async function startFakeDiscordProcess(opts: FakeDiscordOptions): Promise<FakeDiscordProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [JSON.stringify(opts)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const next = () => new Promise<Answer>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Answer));
    child.once('exit', (code) => reject(new Error(`fake Discord process exited (${code})`)));
  });
  const first = await next();
  if (!('ready' in first)) throw new Error('fake Discord process: unexpected first message');
  return {
    ...first.ready,
    async burst(n) {
      const answer = next();
      child.send({ burst: n } satisfies Request);
      const a = await answer;
      if (!('times' in a)) throw new Error('fake Discord process: unexpected answer');
      return { ...a.times, requests: a.requests };
    },
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ close: true } satisfies Request);
      await exited;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const discord = await startFakeDiscord(JSON.parse(process.argv[2] ?? '{}') as FakeDiscordOptions);
  process.send({ ready: { apiUrl: discord.apiUrl, token: discord.token } } satisfies Answer);
  process.on('message', (m: Request) => {
    if ('close' in m) void discord.close().then(() => process.exit(0));
    else {
      const from = discord.requests.length;
      void burstOfToday(discord, m.burst).then((times) => process.send!({ times, requests: discord.requests.length - from } satisfies Answer));
    }
  });
}
