import type { BotProcess } from './bot-process.ts';

/** A bot process's log lines at level error or fatal. */
export const errorLines = (bot: BotProcess) => bot.logs().filter((l) => (l.level ?? 0) >= 50);

/** A bot process's log lines whose message contains `text`. */
export const linesSaying = (bot: BotProcess, text: string) => bot.logs().filter((l) => String(l.msg ?? '').includes(text));
