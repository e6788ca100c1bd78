/**
 * Credentials that travel inside URLs and payloads, found by their shape rather than by their value: a Discord
 * interaction or webhook token in `/webhooks/{app}/{token}/…` or `/interactions/{id}/{token}/callback`, a Slack
 * response URL or incoming webhook, a URL's password (`redis://user:password@host`), a Socket Mode `ticket`, Slack
 * tokens (`xoxb-…`, `xapp-…`), and the values of fields named like secrets (`"token"`, `"response_url"`, …) in JSON,
 * also when that JSON is itself quoted inside a string (a library's debug line logs a payload as text).
 * See decision 087.
 */

const CENSOR = '[redacted]';

/** Field names whose string values are secrets wherever they appear; case-insensitive. */
const SECRET_FIELDS = [
  'token', 'response_url', 'authorization', 'password', 'client_secret', 'signing_secret', 'access_token', 'bot_token', 'app_token',
];

/** Ends a URL path segment, also inside JSON (a quote or a backslash escaping one). */
const SEGMENT = String.raw`[^/?#&\s"'\\<>|]+`;

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Discord: the interaction token authorises edits and follow-ups for 15 minutes; a webhook token, for ever.
  [new RegExp(String.raw`(/(?:webhooks|interactions)/\d+/)${SEGMENT}`, 'gi'), `$1${CENSOR}`],
  // Slack: response_url (commands, actions), incoming webhooks, workflow triggers: the path after the kind is the secret.
  [new RegExp(String.raw`(hooks\.slack(?:-gov)?\.com/(?:commands|actions|services|workflows|triggers)/)${SEGMENT}(?:/${SEGMENT})*`, 'gi'), `$1${CENSOR}`],
  // A password in a URL's user info: scheme://user:password@host.
  [/([a-z][a-z0-9+.-]*:\/\/[^\s/:@"'\\]*:)[^\s/@"'\\]+@/gi, `$1${CENSOR}@`],
  // Slack Socket Mode: the WebSocket URL's one-time ticket.
  [/([?&](?:ticket|token|access_token|sig)=)[^&#\s"'\\]+/gi, `$1${CENSOR}`],
  // Slack tokens by their prefix, wherever they are.
  [/\bxox[abeoprs]-[A-Za-z0-9-]{6,}/g, CENSOR],
  [/\bxapp-[A-Za-z0-9-]{6,}/g, CENSOR],
  // "token":"…" in JSON, and \"token\":\"…\" in JSON quoted inside a JSON string.
  [new RegExp(String.raw`((?:\\*")(?:${SECRET_FIELDS.join('|')})\\*"\s*:\s*\\*")(?:[^"\\]|\\(?!"))+`, 'gi'), `$1${CENSOR}`],
];

/** `text` with every credential that can be recognised by its shape replaced by `[redacted]`. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/** `value` with `redactText` applied to every string in it (arrays and plain objects, to a bounded depth). */
export function redactStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, depth + 1)]));
}
