/** Discord's message limits (a breach is a 400 "Invalid Form Body"). Lengths are counted in UTF-16 code units. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  /** Title, description, field names and values, footer text and author name of every embed of one message, together. */
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** Autocomplete: at most 25 choices, names and string values of at most 100. */
  choices: 25,
  choiceText: 100,
} as const;

/** What counts towards `embedTotal` for one embed. */
export interface CountedEmbed {
  title?: string;
  description?: string;
  fields?: ReadonlyArray<{ name: string; value: string }>;
  footer?: { text: string };
  author?: { name: string };
}

export function embedLength(e: CountedEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/**
 * `text` cut to at most `max` code units: on a word boundary when one is near the end, with "…" when anything was cut,
 * never leaving half a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return '…';
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = /\s/.test(text[cut.length] ?? '') ? cut.length : cut.search(/\s\S*$/);
  if (space > max * 0.6) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

/** An http(s) URL Discord will accept in an embed or a masked link, or undefined. */
export function safeUrl(raw: string | undefined, max = 512): string | undefined {
  if (!raw || raw.length > max || !URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return url.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}
