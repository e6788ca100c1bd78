import { usageOf, type CommandDefinition, type OptionSpec } from './definition.ts';
import { formatCount, MAX_COMMAND_TEXT, quoteInput } from './input-limits.ts';
import { allCommands } from './registry.ts';

/** A command line such as `today 5 2026-08-20` or `today limit:5`, turned into a command name and raw options. */
export type ParsedText =
  | { ok: true; command: string; options: Record<string, string | boolean> }
  | { ok: false; message: string };

/**
 * What phones and chat clients do to typed text, undone: curly quotes become straight, a dash that replaced `--`
 * (macOS and iOS "smart punctuation") becomes `--` again, and non-breaking or zero-width spaces become plain spaces.
 */
export function normaliseTyping(text: string): string {
  return text
    .replace(/[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033]/g, '"')
    .replace(/[\u2018\u2019\u201A\u201B]/g, "'")
    .replace(/(^|\s)[\u2012\u2013\u2014\u2015\u2212]{1,2}(?=[a-z])/gi, '$1--')
    .replace(/[\u00A0\u2007\u202F\u3000]/g, ' ')
    .replace(/[\u200B\u200C\u200D\u2060\uFEFF]/g, '');
}

/** Splits on spaces, keeping "quoted text" together (quotes kept, so a query's phrases survive). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of normaliseTyping(text).trim()) {
    if (ch === '"') quoted = !quoted;
    if (/\s/.test(ch) && !quoted) {
      if (cur) words.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) words.push(cur);
  return words;
}

const fits = (o: OptionSpec, w: string): boolean => {
  switch (o.accepts) {
    case 'day':
      return /^\d{4}-\d{2}-\d{2}$/.test(w);
    case 'week':
    case 'month':
      // Any word that is not a plain number (the limit): a malformed week or month then gets its own explanation.
      return !/^-?\d+$/.test(w);
    case 'number':
      return /^-?\d+$/.test(w);
    case 'time':
      return /^\d{1,2}:\d{2}$|^\d{1,2}(:\d{2})?[ap]m$/i.test(w);
    case 'timezone':
      return /^[a-z]+(\/[a-z0-9_+-]+)+$|^(utc|gmt)$/i.test(w);
    case 'weekdays':
      return /^(daily|every-?day|weekdays|weekends?|workdays|all|[a-z]{2,9}(-[a-z]{2,9})?(,[a-z]{2,9}(-[a-z]{2,9})?)*)$/i.test(w) && !/^(utc|gmt|weekly)$/i.test(w);
    case 'cadence':
      return /^weekly$/i.test(w);
    case 'choice':
      return (o.choices ?? []).includes(w.toLowerCase());
    case 'category':
      return /^[a-z-]+\.[a-z]{2,}$/i.test(w);
    default:
      return true;
  }
};

/**
 * Forgiving free-text parsing for Slack and the console: `name:value`, `name=value`, `--name value`, `--flag`,
 * `--<choice>` (e.g. `--channel` for `where: channel`), and positional words matched to options by their shape (a number,
 * a day, a choice). A `rest` option (a subscription query) takes every word nothing else took, in order, quotes kept;
 * `name:` before it is dropped, and an unknown `--flag` is refused rather than read as part of it. Unknown or ambiguous
 * input gives the usage. `commands` defaults to the registry (tests pass their own).
 */
export function parseCommandText(text: string, commands: readonly CommandDefinition<unknown>[] = allCommands()): ParsedText {
  if (text.length > MAX_COMMAND_TEXT)
    return {
      ok: false,
      message: `That command is too long (${formatCount(text.length)} characters; at most ${formatCount(MAX_COMMAND_TEXT)}). Try /papers help.`,
    };
  const words = splitWords(text.trim().replace(/^\/?papers\b/i, ''));
  const two = words.slice(0, 2).join(' ').toLowerCase();
  const def = commands.find((c) => c.name === two) ?? commands.find((c) => c.name === (words[0] ?? 'help').toLowerCase());
  if (!def) return { ok: false, message: `Unknown command ${quoteInput(words[0] ?? '')}. Commands: ${commands.map((c) => c.name).join(', ')}.` };
  const rest = words.slice(def.name.split(' ').length);
  const options: Record<string, string | boolean> = {};
  const leftovers: string[] = [];
  const byName = (n: string) => def.options.find((o) => o.name === n.toLowerCase());
  const byChoice = (c: string) => def.options.find((o) => o.type === 'string' && o.choices?.includes(c.toLowerCase()));
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    const flag = /^--([a-z_]+)(?:=(.*))?$/i.exec(w);
    const pair = /^([a-z_]+)[:=](.+)$/i.exec(w);
    const named = flag ? byName(flag[1]!) : pair && !w.startsWith('"') ? byName(pair[1]!) : undefined;
    const chosen = flag && !named && flag[2] === undefined ? byChoice(flag[1]!) : undefined;
    if (chosen) options[chosen.name] = flag![1]!.toLowerCase();
    else if (flag && !named && def.options.some((o) => o.rest))
      return { ok: false, message: `Unknown option ${quoteInput(w)}.\nUsage: /papers ${usageOf(def)}` };
    else if (flag && named) {
      if (named.type === 'boolean') options[named.name] = flag[2] ?? true;
      else if (flag[2] !== undefined) options[named.name] = flag[2];
      else if (rest[i + 1] !== undefined) options[named.name] = rest[++i]!;
      else return { ok: false, message: `--${named.name} needs a value.\nUsage: /papers ${usageOf(def)}` };
    } else if (pair && named && !named.rest) options[named.name] = unquote(pair[2]!);
    else if (pair && named?.rest) leftovers.push(pair[2]!);
    else leftovers.push(w);
  }
  const restOption = def.options.find((o) => o.rest && options[o.name] === undefined);
  const positional = def.options.filter((o) => !o.rest && o.type !== 'boolean');
  const unplaced: string[] = [];
  for (const w of leftovers) {
    const target = positional.find((o) => options[o.name] === undefined && fits(o, w));
    if (target && !restOption) options[target.name] = target.accepts === 'choice' ? w.toLowerCase() : unquote(w);
    else unplaced.push(w);
  }
  if (restOption && unplaced.length) options[restOption.name] = unplaced.join(' ');
  else if (unplaced.length)
    return { ok: false, message: `I did not understand ${quoteInput(unplaced.join(' '))}.\nUsage: /papers ${usageOf(def)}` };
  return { ok: true, command: def.name, options };
}

const unquote = (w: string) => (w.length >= 2 && w.startsWith('"') && w.endsWith('"') ? w.slice(1, -1) : w);
