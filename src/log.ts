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
    { level: opts.level ?? 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { app: 'paperboy' } },
    stream,
  );
}

/** A logger that writes nowhere, for tests. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
