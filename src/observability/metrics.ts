import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** How a command ended, as `/metrics` labels it. */
export type CommandOutcome =
  | 'ok' | 'error_reply' | 'unknown_command' | 'forbidden' | 'invalid' | 'user_error' | 'source_error' | 'store_unavailable' | 'restarting' | 'failed';

/** What one send attempt of the delivery queue came back with (`SendOutcome`, or `threw`). */
export type SendOutcomeLabel =
  | 'ok' | 'rate_limited' | 'transient' | 'unknown' | 'permanent' | 'token_problem' | 'refused' | 'fenced' | 'threw';

/** `ok`, or the `SourceError` kind of a failed HF request. */
export type HfOutcome = 'ok' | 'not-found' | 'unreachable' | 'bad-response' | 'error';
/** Which HF request: a day's list, one paper, or a weekly or monthly list. */
export type HfOperation = 'day' | 'paper' | 'week' | 'month';

/**
 * Every counter and histogram paperboy reports, in one prom-client registry (nothing global: tests create as many as they
 * like). Gauges that read state when scraped are added by `watchDelivery` and `watchPausedDestinations`.
 */
export interface AppMetrics {
  readonly registry: Registry;
  /** One command run by `runCommand`: its name, how it ended, how long it took. */
  command(name: string, outcome: CommandOutcome, seconds: number): void;
  /** One attempt of the delivery queue to send a message through a platform's Sender. */
  sendAttempt(platform: string, kind: string, outcome: SendOutcomeLabel): void;
  /** One request to the Hugging Face API (a day's list or a paper). */
  hfRequest(operation: HfOperation, outcome: HfOutcome): void;
  /** A reaction that changed the votes (added or removed one). */
  voteRecorded(change: 'added' | 'removed'): void;
}

export interface MetricsOptions {
  /** Node.js process metrics (CPU, memory, handles, GC, event-loop lag); default true. */
  processMetrics?: boolean;
}

export function createMetrics(opts: MetricsOptions = {}): AppMetrics {
  const registry = new Registry();
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const registers = [registry];
  const commands = new Counter({
    name: 'paperboy_commands_total',
    help: 'Commands answered, by command and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers,
  });
  const commandSeconds = new Histogram({
    name: 'paperboy_command_duration_seconds',
    help: 'Time to compute a command reply (from parsed invocation to reply), by command',
    labelNames: ['command'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const sends = new Counter({
    name: 'paperboy_send_attempts_total',
    help: 'Delivery queue send attempts (daily posts, alerts, notices) by platform, kind and outcome',
    labelNames: ['platform', 'kind', 'outcome'] as const,
    registers,
  });
  const alerts = new Counter({
    name: 'paperboy_alerts_sent_total',
    help: 'Alert messages the platform accepted, by platform',
    labelNames: ['platform'] as const,
    registers,
  });
  const hf = new Counter({
    name: 'paperboy_hf_requests_total',
    help: 'Hugging Face API requests (after retries) by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers,
  });
  const hfFailures = new Counter({
    name: 'paperboy_hf_failures_total',
    help: 'Hugging Face API requests that failed (not-found excluded), by operation',
    labelNames: ['operation'] as const,
    registers,
  });
  const votes = new Counter({
    name: 'paperboy_votes_recorded_total',
    help: 'Reactions that changed the community votes, by change',
    labelNames: ['change'] as const,
    registers,
  });
  return {
    registry,
    command(name, outcome, seconds) {
      commands.inc({ command: name, outcome });
      commandSeconds.observe({ command: name }, seconds);
    },
    sendAttempt(platform, kind, outcome) {
      sends.inc({ platform, kind, outcome });
      if (kind === 'alert' && outcome === 'ok') alerts.inc({ platform });
    },
    hfRequest(operation, outcome) {
      hf.inc({ operation, outcome });
      if (outcome !== 'ok' && outcome !== 'not-found') hfFailures.inc({ operation });
    },
    voteRecorded(change) {
      votes.inc({ change });
    },
  };
}
