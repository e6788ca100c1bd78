import { createRequire } from 'node:module';
import pino from 'pino';
import type PinoPretty from 'pino-pretty';
import { redactStrings, redactText } from './log-redaction.ts';

export type Logger = pino.Logger;

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'config.DISCORD_TOKEN',
  'config.SLACK_BOT_TOKEN',
  'config.SLACK_APP_TOKEN',
  'config.SLACK_SIGNING_SECRET',
  'config.STORE_URL',
  'headers.authorization',
  '*.headers.authorization',
  'err.config',
  'err.request',
];

/**
 * Keys under which axios (inside @slack/web-api, Bolt's `respond`) hangs the request on its errors: `config` holds the
 * headers, `Authorization: Bearer <token>` included, and `request`/`response` the sockets. A Web API request error keeps
 * the axios error as `original`, so these are dropped at any depth of a logged `err`.
 */
const HTTP_INTERNALS = new Set(['config', 'request', 'response', 'requestBody']);

function withoutHttpInternals(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const kept = Object.entries(value).filter(([key]) => !HTTP_INTERNALS.has(key));
  return Object.fromEntries(kept.map(([key, v]) => [key, withoutHttpInternals(v, depth + 1)]));
}

/**
 * pino's error serializer (type, message, stack with causes, own fields), without HTTP client internals (`requestBody`
 * is what discord.js sent), and with credentials recognisable by their shape redacted from every string: a
 * `DiscordAPIError`'s `url` holds the interaction token (`/webhooks/{app}/{token}/messages/@original`).
 */
export const serializeError = (err: unknown): unknown =>
  redactStrings(withoutHttpInternals(err instanceof Error ? pino.stdSerializers.err(err) : err));

/** pino-pretty, loaded only for a terminal: a service writing JSON logs never loads it (about 1.7 MB and 16 ms). */
function prettyStream(): pino.DestinationStream {
  const pinoPretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pinoPretty({ destination: 2, colorize: true, ignore: 'pid,hostname,app', sync: true });
}

export interface LogOptions {
  level?: string;
  pretty?: boolean;
  /** Secrets to scrub from every line, whatever field they hide in. */
  secrets?: string[];
  destination?: pino.DestinationStream;
}

/**
 * JSON logs in production, pretty on a TTY. Every line, whatever wrote it (a library's debug text included), loses the
 * known secret values and every credential recognisable by its shape (`redactText`) before it is written.
 */
export function createLogger(opts: LogOptions = {}): Logger {
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 6);
  const scrub = (line: string) => redactText(secrets.reduce((out, s) => out.split(s).join('[redacted]'), line));
  const base: pino.DestinationStream =
    opts.destination ??
    (opts.pretty
      ? prettyStream()
      : pino.destination({ dest: 2, sync: true }));
  const stream: pino.DestinationStream = { write: (line: string) => base.write(scrub(line)) };
  return pino(
    {
      level: opts.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
      base: { app: 'paperboy' },
    },
    stream,
  );
}

/** A logger that writes nowhere, for tests. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
