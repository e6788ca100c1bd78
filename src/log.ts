import pino from 'pino';
import pinoPretty from 'pino-pretty';

export type Logger = pino.Logger;

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'config.DISCORD_TOKEN',
  'config.SLACK_BOT_TOKEN',
  'config.SLACK_APP_TOKEN',
  'config.SLACK_SIGNING_SECRET',
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
const HTTP_INTERNALS = new Set(['config', 'request', 'response']);

function withoutHttpInternals(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const kept = Object.entries(value).filter(([key]) => !HTTP_INTERNALS.has(key));
  return Object.fromEntries(kept.map(([key, v]) => [key, withoutHttpInternals(v, depth + 1)]));
}

/** pino's error serializer (type, message, stack with causes, own fields), without HTTP client internals. */
export const serializeError = (err: unknown): unknown =>
  withoutHttpInternals(err instanceof Error ? pino.stdSerializers.err(err) : err);

export interface LogOptions {
  level?: string;
  pretty?: boolean;
  /** Secrets to scrub from every line, whatever field they hide in. */
  secrets?: string[];
  destination?: pino.DestinationStream;
}

/** JSON logs in production, pretty on a TTY. Known secret values are replaced in every line, including library errors. */
export function createLogger(opts: LogOptions = {}): Logger {
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 6);
  const scrub = (line: string) => secrets.reduce((out, s) => out.split(s).join('[redacted]'), line);
  const base: pino.DestinationStream =
    opts.destination ??
    (opts.pretty
      ? pinoPretty({ destination: 2, colorize: true, ignore: 'pid,hostname,app', sync: true })
      : pino.destination({ dest: 2, sync: true }));
  const stream: pino.DestinationStream = secrets.length ? { write: (line: string) => base.write(scrub(line)) } : base;
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
