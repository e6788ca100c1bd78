/** Keyword alerts as the rest of paperboy sees them: subscriptions, previews, autocomplete and the polling engine. */
import type { DestinationHealth } from '../delivery/destination-health.ts';
import type { DeliveryQueue } from '../delivery/queue-api.ts';
import type { Logger } from '../log.ts';
import type { Destination } from '../model.ts';
import type { PapersService } from '../papers/papers-service.ts';
import type { Store } from '../store/store.ts';
import { createAlertEngine, type AlertEngine, type PollReport } from './alert-engine.ts';
import type { ParsedQuery } from './ast.ts';
import { previewQuery, type AlertPreview } from './preview.ts';
import { formatQuery, parseQuery } from './query.ts';
import { suggestSubscriptions, type SubscriptionChoice } from './suggest.ts';
import { createSubscriptionStore, type CreateOutcome, type StoredSubscription } from './subscriptions.ts';

export interface SubscribeRequest {
  owner: Destination;
  /** As typed; parsed here (a bad query throws `QueryError`, a UserError with the position). */
  query: string;
  createdBy: string;
  createdByName?: string;
  now: Date;
}

/** A subscribe's outcome, with the parsed query (for the preview). */
export type SubscribeOutcome = CreateOutcome & { parsed: ParsedQuery };

/** The alerts service that `CoreApp.alerts` is and that commands receive as `deps.alerts`. */
export interface AlertService {
  /** ALERT_DAILY_CAP. */
  readonly dailyCap: number;
  /** ALERT_POLL_MINUTES. */
  readonly pollMinutes: number;
  subscribe(req: SubscribeRequest): Promise<SubscribeOutcome>;
  /** A subscription by id (normalised), whoever owns it; `owners` also searches their own lists. */
  find(id: string, owners?: readonly Destination[]): Promise<StoredSubscription | undefined>;
  /** Removes it and stops matching it here at once; true when this call removed it. */
  unsubscribe(sub: StoredSubscription): Promise<boolean>;
  /** An owner's subscriptions, oldest first. */
  list(owner: Destination): Promise<StoredSubscription[]>;
  preview(query: ParsedQuery, now: Date): Promise<AlertPreview>;
  /** Autocomplete for `unsubscribe id:` (see `suggestSubscriptions`). */
  suggest(owners: readonly Destination[], typed: string): Promise<SubscriptionChoice[]>;
  poll(now?: Date, opts?: { force?: boolean }): Promise<PollReport>;
  start(): void;
  stop(): Promise<void>;
  readonly engine: AlertEngine;
}

export interface AlertServiceOptions {
  store: Store;
  papers: PapersService;
  queue: Pick<DeliveryQueue, 'enqueue'>;
  health: DestinationHealth;
  log: Logger;
  pollMinutes: number;
  dailyCap: number;
  /** Test hook: poll window length in ms instead of `pollMinutes`. */
  pollMs?: number;
  now?: () => Date;
  /** Test hook: other subscription limits than 25 per person and 50 per channel. */
  limitOf?: (owner: Destination) => number;
}

export function createAlertService(opts: AlertServiceOptions): AlertService {
  const subscriptions = createSubscriptionStore(opts.store, { limitOf: opts.limitOf });
  const engine = createAlertEngine({
    store: opts.store,
    subscriptions,
    papers: opts.papers,
    queue: opts.queue,
    health: opts.health,
    log: opts.log,
    pollMs: opts.pollMs ?? opts.pollMinutes * 60_000,
    dailyCap: opts.dailyCap,
    now: opts.now,
  });
  const service: AlertService = {
    dailyCap: opts.dailyCap,
    pollMinutes: opts.pollMinutes,
    engine,
    async subscribe(req) {
      const parsed = parseQuery(req.query);
      const outcome = await subscriptions.create({ ...req, query: req.query.trim(), canonical: formatQuery(parsed) });
      if (outcome.status === 'created') {
        engine.track(outcome.sub);
        opts.log.info({ id: outcome.sub.id, owner: outcome.sub.owner, query: outcome.sub.canonical }, 'alert subscription added');
      }
      return { ...outcome, parsed };
    },
    find: (id, owners) => subscriptions.find(id, owners),
    async unsubscribe(sub) {
      const removed = await subscriptions.remove(sub);
      engine.untrack(sub.id);
      if (removed) opts.log.info({ id: sub.id, owner: sub.owner }, 'alert subscription removed');
      return removed;
    },
    list: (owner) => subscriptions.list(owner),
    preview: (query, now) => previewQuery(opts.papers, query, now),
    suggest: (owners, typed) => suggestSubscriptions(subscriptions, owners, typed),
    poll: (now, o) => engine.poll(now, o),
    start: () => engine.start(),
    stop: () => engine.stop(),
  };
  return service;
}
