import { createInterface } from 'node:readline';
import { runCommand } from '../../commands/dispatch.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { parseCommandText } from '../../commands/parse-text.ts';
import type { Reply } from '../../src/model.ts';
import { similarReply } from '../../commands/similar.ts';
import { SIMILAR_ACTION_LIMIT } from '../../src/actions/run-action.ts';
import { createConsoleActions } from './console-actions.ts';
import { createConsoleReactions, type ConsoleVoting } from './console-reactions.ts';
import { renderText } from './render-text.ts';

export interface ConsoleAdapterOptions {
  deps: CommandDeps;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  banner: string;
  now?: () => Date;
  /** When set, lists and papers can be voted on with `react …` lines, as reactions would on a chat platform. */
  voting?: ConsoleVoting;
}

/** Translates one typed line into a Reply, as the console user "console" in channel "terminal". */
export async function answerLine(line: string, deps: CommandDeps, now: Date): Promise<Reply | undefined> {
  const text = line.trim();
  if (!text) return undefined;
  const parsed = parseCommandText(text);
  if (!parsed.ok) return { kind: 'error', message: parsed.message };
  return runCommand(
    {
      command: parsed.command,
      options: parsed.options,
      user: { id: 'console', name: 'console', canManageChannel: true },
      where: { platform: 'console', community: 'local', channel: 'terminal' },
      now,
    },
    deps,
  );
}

/** A terminal where `/papers today` works with no accounts: reads lines from stdin, prints answers to stdout. */
export function startConsoleAdapter(opts: ConsoleAdapterOptions): Promise<void> {
  const now = opts.now ?? (() => new Date());
  opts.output.write(`${opts.banner}\n`);
  const rl = createInterface({ input: opts.input, terminal: false });
  const reactions = opts.voting && createConsoleReactions(opts.voting);
  const similar = opts.deps.archive && ((id: string) => similarReply(opts.deps, 'local', id, SIMILAR_ACTION_LIMIT, false));
  const actions = createConsoleActions(opts.deps.papers, similar);
  let queue = Promise.resolve();
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      if (/^(exit|quit)$/i.test(line.trim())) return rl.close();
      queue = queue.then(async () => {
        const at = now();
        const reacted = await reactions?.react(line, at).catch((err: unknown) => {
          opts.deps.log.error({ err }, 'console reaction failed');
          return '⚠ That vote could not be recorded; it has been logged.';
        });
        if (reacted) return void opts.output.write(`${reacted}\n\n`);
        const acted = await actions.run(line).catch((err: unknown) => {
          opts.deps.log.error({ err }, 'console action failed');
          return '⚠ That did not work; it has been logged. Please try again in a minute.';
        });
        if (acted) return void opts.output.write(`${acted}\n\n`);
        const reply = await answerLine(line, opts.deps, at);
        if (!reply) return;
        const hint = await reactions?.posted(reply, at).catch(() => undefined);
        const actionHint = actions.shown(reply);
        const hints = [hint, actionHint].filter(Boolean).join('\n');
        opts.output.write(`${renderText(reply)}${hints ? `\n${hints}` : ''}\n\n`);
      });
    });
    rl.on('close', () => void queue.then(resolve));
  });
}
