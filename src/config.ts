import { z } from 'zod';
import { STORE_SCHEMES } from './store/open-store.ts';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

/** Stores reached over the network: their URL is parsed by the client library, and may carry a password. */
const NETWORK_STORES = new Set(['redis:', 'rediss:', 'postgres:', 'postgresql:']);

const url = (what: string) =>
  z.string().refine((v) => URL.canParse(v), { message: `not a valid URL for ${what}` });

/**
 * Which gateway shards this process runs: empty = one shard (enough below 2,500 servers), `auto` = as many as Discord
 * recommends, or `ids/count` (e.g. `0,1/4`) to split the shards of one bot over several processes.
 */
const discordShards = z
  .string()
  .default('')
  .transform((v, ctx): { shards: 'auto' } | { shards: number[]; shardCount: number } | undefined => {
    const text = v.trim();
    if (text === '') return undefined;
    if (text === 'auto') return { shards: 'auto' };
    if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 64)
      return { shards: Array.from({ length: Number(text) }, (_, i) => i), shardCount: Number(text) };
    const m = /^(\d+(?:\s*,\s*\d+)*)\s*\/\s*(\d+)$/.exec(text);
    const shards = m ? m[1]!.split(',').map(Number) : [];
    const shardCount = Number(m?.[2]);
    if (!m || shardCount < 1 || shards.some((id) => id >= shardCount) || new Set(shards).size !== shards.length) {
      ctx.addIssue({ code: 'custom', message: 'use auto, a shard count (e.g. 2), or shard ids and the total, e.g. 0,1/4 (each id below the total, no repeats)' });
      return z.NEVER;
    }
    return { shards, shardCount };
  });

const setText = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Slack's variables depend on each other: a bot token always, then an app token (Socket Mode) or a signing secret (HTTP). */
function checkSlack(c: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const bot = setText(c.SLACK_BOT_TOKEN);
  const app = setText(c.SLACK_APP_TOKEN);
  const secret = setText(c.SLACK_SIGNING_SECRET);
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!bot) {
    if (app || secret) issue('SLACK_BOT_TOKEN', 'required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set (the Bot User OAuth Token, xoxb-…)');
    return;
  }
  if (!bot.startsWith('xoxb-')) issue('SLACK_BOT_TOKEN', 'expected the Bot User OAuth Token, which starts with xoxb-');
  if (app && !app.startsWith('xapp-')) issue('SLACK_APP_TOKEN', 'expected an app-level token, which starts with xapp- (Basic Information → App-Level Tokens)');
  if (!app && !secret)
    issue('SLACK_SIGNING_SECRET', 'required in HTTP mode; set it (Basic Information → Signing Secret), or set SLACK_APP_TOKEN for Socket Mode');
}

/** Every environment variable paperboy reads, with its default. README's configuration table mirrors this. */
export const configSchema = z.object({
  HF_ENDPOINT: url('the Hugging Face API').default('https://huggingface.co'),
  STORE_URL: z
    .string()
    .default('sqlite://./data/paperboy.sqlite')
    .superRefine((v, ctx) => {
      const scheme = `${v.split(':')[0]}:`;
      if (!v.includes(':') || !(STORE_SCHEMES as readonly string[]).includes(scheme))
        ctx.addIssue({ code: 'custom', message: `unsupported scheme "${v.slice(0, 20).split(':')[0]}" (use sqlite://, redis:// or postgres://)` });
      else if (NETWORK_STORES.has(scheme) && !URL.canParse(v))
        ctx.addIssue({ code: 'custom', message: 'not a valid URL (e.g. redis://:password@host:6379/0; percent-encode @ : / in the password). The value is not shown: it may hold a password' });
    }),
  /** Prepended to every key namespace, so several deployments (or test runs) can share one Redis or PostgreSQL. */
  STORE_PREFIX: z
    .string()
    .default('')
    .refine((v) => /^[A-Za-z0-9:_.-]{0,64}$/.test(v), { message: 'use up to 64 letters, digits, and : _ . -' }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TZ_DEFAULT: z.string().default('UTC').refine(isTimeZone, { message: 'not an IANA time zone (e.g. Europe/Paris)' }),
  HF_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  HF_TOTAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  HF_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  TODAY_REFRESH_MINUTES: z.coerce.number().min(0).max(1440).default(10),
  TODAY_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(30).default(7),
  PAST_DAY_CACHE_HOURS: z.coerce.number().min(0).default(24 * 7),
  /** Blend weight w in `HF upvotes + w × community net votes` for the trending order. */
  VOTE_WEIGHT: z.coerce.number().min(0, 'must be 0 or more').max(1000, 'must be at most 1000').default(3),
  /** How often today's papers are checked for new alert matches (one instance polls per window). */
  ALERT_POLL_MINUTES: z.coerce.number().int('must be a whole number of minutes').min(1, 'must be at least 1').max(1440, 'must be at most 1440').default(15),
  /** Most papers one subscriber (a person or a channel) is alerted about per UTC day; the rest are summarised. */
  ALERT_DAILY_CAP: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(20),
  /**
   * Where the alert engine keeps a snapshot of its tables for a quick restart (docs/decisions/109). Empty: beside the
   * SQLite file (none for Redis or PostgreSQL, unless set); `off`: none.
   */
  ALERT_SNAPSHOT_FILE: z.string().default(''),
  /** How long the archive (`/papers search`, `similar`) keeps a paper after it was last seen, by the store's clock. */
  ARCHIVE_DAYS: z.coerce.number().int('must be a whole number of days').min(1, 'must be at least 1').max(3650, 'must be at most 3650').default(365),
  /** arXiv categories whose daily announcements are a papers source, e.g. `cs.AI,cs.CL`; empty turns the arXiv source off. */
  ARXIV_CATEGORIES: z
    .string()
    .default('cs.AI,cs.CL,cs.CV,cs.LG,stat.ML')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((cats) => cats.every((c) => /^[a-z-]+(\.[A-Za-z-]+)?$/.test(c)), { message: 'use arXiv category names separated by commas, e.g. cs.AI,cs.CL,stat.ML' }),
  /** Who runs this instance (an email address): arXiv asks for it in the User-Agent. */
  ARXIV_CONTACT: optionalText,
  ARXIV_RSS_URL: url('the arXiv RSS feeds').default('https://rss.arxiv.org'),
  ARXIV_API_URL: url('the arXiv API').default('http://export.arxiv.org/api/query'),
  DISCORD_TOKEN: optionalText,
  DISCORD_API_URL: url('the Discord API').default('https://discord.com/api'),
  DISCORD_GUILD_ID: optionalText,
  DISCORD_REGISTER_ON_START: z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { message: 'use true or false' })
    .default('false')
    .transform((v) => ['true', '1', 'yes'].includes(v)),
  DISCORD_SHARDS: discordShards,
  /** discord.js's REST `timeout` per request (its default): a message create that timed out may still be posted. */
  DISCORD_REST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: url('the Slack API').default('https://slack.com/api/'),
  SLACK_ADMIN_USERS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  SLACK_ADMIN_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The health, readiness and metrics server; off unless set. May equal PORT in Slack HTTP mode (one server for both). */
  HEALTH_PORT: z
    .string()
    .default('')
    .transform((v, ctx): number | undefined => {
      if (v.trim() === '') return undefined;
      const port = Number(v);
      if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
      ctx.addIssue({ code: 'custom', message: 'a port number (0-65535), or empty to turn the health server off' });
      return z.NEVER;
    }),
  /** /readyz fails when the newest HF fetch is older than its window (max of TODAY_REFRESH_MINUTES, ALERT_POLL_MINUTES) plus this. */
  HEALTH_HF_GRACE_MINUTES: z.coerce.number().min(0).max(10_080).default(15),
  POST_GRACE_HOURS: z.coerce.number().min(0).max(24).default(6),
  SCHEDULE_RETRY_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  DELIVERY_BACKOFF_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  DELIVERY_BACKOFF_CAP_MS: z.coerce.number().int().min(10).max(86_400_000).default(600_000),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(32),
  DELIVERY_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(30),
  /** On SIGTERM/SIGINT: how long sends in flight may take to finish before leases and claims are released. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(120).default(20),
}).superRefine(checkSlack, { when: () => true });

export type Config = z.infer<typeof configSchema>;

/** Thrown with every problem at once, one per line, e.g. `STORE_URL: unsupported scheme "mongo"`. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** The password in a store URL, as written and percent-decoded (a library may print either). */
function storePasswords(storeUrl: string): string[] {
  if (!URL.canParse(storeUrl)) return [];
  const { password } = new URL(storeUrl);
  if (!password) return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
}

/** The secret values in a config, so the logger can scrub them wherever they appear. */
export const secretsOf = (c: Config): string[] =>
  [c.DISCORD_TOKEN, c.SLACK_BOT_TOKEN, c.SLACK_APP_TOKEN, c.SLACK_SIGNING_SECRET, ...storePasswords(c.STORE_URL)].filter((s): s is string => !!s);
