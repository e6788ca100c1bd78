/** Slack mrkdwn helpers: escaping, safe links and truncation. Pure functions, no Slack types. */

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Cuts `s` to at most `max` characters, at a word boundary when one is near, ending with "…". */
export function truncate(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  if (max <= 1) return flat.slice(0, Math.max(0, max));
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/**
 * Text for inside `<url|text>`: escaped, with `|` (which would end the URL part) replaced by a look-alike, and cut to
 * `max` characters before escaping so an entity is never cut in half.
 */
export const linkText = (s: string, max: number): string => escapeMrkdwn(truncate(s, max).replace(/\|/g, '¦'));

/** An http(s) URL made safe for `<url|text>` (no `|`, `<`, `>` or spaces), or undefined if it is not one. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw || !URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const href = url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/ /g, '%20');
  return href.length <= 2000 ? href : undefined;
}

/** `<url|text>`, or the escaped text alone when the URL is unusable. */
export function link(url: string | undefined, text: string, max = 250): string {
  const safe = safeUrl(url);
  return safe ? `<${safe}|${linkText(text, max)}>` : escapeMrkdwn(truncate(text, max));
}

/** 1234 → "1.2k" */
export const compactNumber = (n: number): string =>
  n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);

/** Plain text for a header block: no escaping (plain_text), cut to Slack's 150 characters. */
export const headerText = (s: string): string => truncate(s, 150) || ' ';
