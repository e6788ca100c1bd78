// One bot of the command-latency benchmark in its own process, so that it can run under tsx or compiled (plain node,
// what `npm start` runs) and its CPU is measured alone. Started by `startLatencyBot`; argv[2] is a BotSpec as JSON.
import { once } from 'node:events';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Events } from 'discord.js';
import { createDiscordClient } from '../../adapters/discord/discord-adapter.ts';
import { compiledScript, startFlags } from './compiled.ts';
import { startPaperboyOnDiscord } from './discord-world.ts';

/** `bare`: a discord.js bot that defers and edits with a fixed text; `paperboy`: the real adapter and core app. */
export interface BotSpec {
  kind: 'bare' | 'paperboy';
  apiUrl: string;
  token: string;
  hfUrl: string;
  /** The app's clock (ISO), so that "today" is the fake HF's day. */
  now: string;
}

/** How the bot's code is run: through tsx, or compiled to JavaScript and run by plain node. */
export type Runtime = 'tsx' | 'compiled';

type Request = { cpu: 'start' | 'read' } | { close: true };
type Answer = { ready: true } | { cpuMs: number };

export interface LatencyBot {
  /** Starts counting the bot process's CPU time (user + system). */
  startCpu(): Promise<void>;
  /** CPU ms used since `startCpu`. */
  readCpu(): Promise<number>;
  close(): Promise<void>;
}

const here = fileURLToPath(import.meta.url);

export async function startLatencyBot(spec: BotSpec, runtime: Runtime): Promise<LatencyBot> {
  // Compiled paperboy runs with npm start's node flags; the bare bot, as a plain discord.js bot would, without.
  const flags = spec.kind === 'paperboy' ? startFlags() : [];
  const [script, execArgv] = runtime === 'tsx' ? [here, ['--import', 'tsx']] : [compiledScript(here), flags];
  const child: ChildProcess = fork(script, [JSON.stringify(spec)], { execArgv, stdio: 'inherit' });
  const next = () => new Promise<Answer>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench bot process exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as Answer);
    });
  });
  const ask = async (r: Request) => {
    const answer = next();
    child.send(r);
    return answer;
  };
  const first = await next();
  if (!('ready' in first)) throw new Error('bench bot process: unexpected first message');
  return {
    startCpu: async () => void (await ask({ cpu: 'start' })),
    readCpu: async () => {
      const a = await ask({ cpu: 'read' });
      if (!('cpuMs' in a)) throw new Error('bench bot process: unexpected answer');
      return a.cpuMs;
    },
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ close: true } satisfies Request);
      await exited;
    },
  };
}

async function bareBot(spec: BotSpec) {
  const client = createDiscordClient(spec.apiUrl);
  client.on(Events.InteractionCreate, (i) => {
    if (!i.isChatInputCommand()) return;
    void i.deferReply().then(() => i.editReply({ content: 'ok' })).catch(() => undefined);
  });
  const ready = once(client, Events.ClientReady);
  await client.login(spec.token);
  await ready;
  return { close: () => client.destroy() };
}

async function paperboy(spec: BotSpec) {
  const now = new Date(spec.now);
  const bot = await startPaperboyOnDiscord({ apiUrl: spec.apiUrl, token: spec.token, env: { HF_ENDPOINT: spec.hfUrl }, now: () => now, deliver: false });
  await bot.app.papers.getToday(now);
  return bot;
}

if (process.argv[1] === here && process.send) {
  const spec = JSON.parse(process.argv[2] ?? '{}') as BotSpec;
  const bot = spec.kind === 'bare' ? await bareBot(spec) : await paperboy(spec);
  let from = process.cpuUsage();
  process.on('message', (m: Request) => {
    if ('close' in m) void bot.close().then(() => process.exit(0));
    else if (m.cpu === 'start') {
      from = process.cpuUsage();
      process.send!({ cpuMs: 0 } satisfies Answer);
    } else {
      const used = process.cpuUsage(from);
      process.send!({ cpuMs: (used.user + used.system) / 1000 } satisfies Answer);
    }
  });
  process.send({ ready: true } satisfies Answer);
}
