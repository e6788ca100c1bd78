import { renderText } from '../adapters/console/render-text.ts';
import { runCommand } from '../commands/dispatch.ts';
import { parseCommandText } from '../commands/parse-text.ts';
import { createCoreApp } from '../src/app.ts';
import { secretsOf } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { configOrExit } from './load-config.ts';

/** One-shot CLI: `paperboy today --date 2026-08-20 --limit 10 [--json]` prints the answer and exits. */
const args = process.argv.slice(2);
const json = args.includes('--json');
const text = args.filter((a) => a !== '--json').join(' ') || 'help';
const config = configOrExit();
const level = config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL;
const app = await createCoreApp(config, { log: createLogger({ level, secrets: secretsOf(config) }) });
const parsed = parseCommandText(text);
if (parsed.ok && (parsed.command === 'search' || parsed.command === 'similar')) await app.archive.start();
const reply = parsed.ok
  ? await runCommand(
      {
        command: parsed.command,
        options: parsed.options,
        user: { id: 'cli', name: 'cli', canManageChannel: true },
        where: { platform: 'console', community: 'local', channel: 'cli' },
        now: new Date(),
      },
      { papers: app.papers, config, log: app.log, votes: app.votes, alerts: app.alerts, archive: app.archive },
    )
  : ({ kind: 'error', message: parsed.message } as const);
process.stdout.write(`${json ? JSON.stringify(reply, null, 2) : renderText(reply)}\n`);
await app.close();
process.exit(reply.kind === 'error' ? 1 : 0);
