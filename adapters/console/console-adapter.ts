import { createInterface } from 'node:readline';
import { runCommand } from '../../commands/dispatch.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { parseCommandText } from '../../commands/parse-text.ts';
import type { Reply } from '../../src/model.ts';
import { renderText } from './render-text.ts';

export interface ConsoleAdapterOptions {
  deps: CommandDeps;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  banner: string;
  now?: () => Date;
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
  let queue = Promise.resolve();
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      if (/^(exit|quit)$/i.test(line.trim())) return rl.close();
      queue = queue.then(async () => {
        const reply = await answerLine(line, opts.deps, now());
        if (reply) opts.output.write(`${renderText(reply)}\n\n`);
      });
    });
    rl.on('close', () => void queue.then(resolve));
  });
}
