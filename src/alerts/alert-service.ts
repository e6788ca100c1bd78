/** Keyword alerts as the rest of paperboy sees them: subscriptions, previews, autocomplete and the polling engine. */
import type { DestinationHealth } from '../delivery/destination-health.ts';
import type { DeliveryQueue } from '../delivery/queue-api.ts';
import type { Logger } from '../log.ts';
import type { Destination, Paper } from '../model.ts';
import type { ArxivAnnouncements } from '../papers/merge-papers.ts';
import type { PapersService } from '../papers/papers-service.ts';
import { UserError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { AlertModes } from '../digests/alert-modes.ts';
import { createAlertEngine, type AlertEngine, type AlertEngineOptions, type PollReport } from './alert-engine.ts';
import { createLikeSubscription, type LikeOutcome, type LikeSource } from './like-subscribe.ts';
import { LIKE_PAPER_TERMS, isSimilar, likeReason, plainTerms, type LikeProfile } from './like-profile.ts';
import { PREVIEW_DAYS, previewMatching, previewQuery, type AlertPreview, type EarlierAnnouncements } from './preview.ts';
import { parseAlertQuery, formatAlertQuery, type ScopedQuery } from './query.ts';
import { DEFAULT_NEW_SOURCE, type AlertScope } from './scope.ts';
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

/** A subscribe's outcome, with the parsed query and the scope it got (for the reply and the preview). */
export type SubscribeOutcome = CreateOutcome & { parsed: ScopedQuery };

/** The alerts service that `CoreApp.alerts` is and that commands receive as `deps.alerts`. */
export interface AlertService {
  /** ALERT_DAILY_CAP. */
  readonly dailyCap: number;
  /** ALERT_POLL_MINUTES. */
  readonly pollMinutes: number;
  subscribe(req: SubscribeRequest): Promise<SubscribeOutcome>;
  /** `like:<id>`: follows a paper's topic (docs/decisions/104); a UserError when there is no archive or no such paper. */
  subscribeLike(req: SubscribeRequest): Promise<LikeOutcome>;
  /** What a `like:` subscription would have alerted recently (as `preview` for a query). */
  previewLike(like: LikeProfile, scope: AlertScope, now: Date): Promise<AlertPreview>;
  /** A subscription by id (normalised), whoever owns it; `owners` also searches their own lists. */
  find(id: string, owners?: readonly Destination[]): Promise<StoredSubscription | undefined>;
  /** Removes it and stops matching it here at once; true when this call removed it. */
  unsubscribe(sub: StoredSubscription): Promise<boolean>;
  /** An owner's subscriptions, oldest first. */
  list(owner: Destination): Promise<StoredSubscription[]>;
  /** What the query would have matched in its scope recently. */
  preview(query: Pick<ScopedQuery, 'query' | 'scope'>, now: Date): Promise<AlertPreview>;
  /** Whether the arXiv source is on. */
  readonly arxivOn: boolean;
  /** Autocomplete for `unsubscribe id:` (see `suggestSubscriptions`). */
  suggest(owners: readonly Destination[], typed: string): Promise<SubscriptionChoice[]>;
  poll(now?: Date, opts?: { force?: boolean }): Promise<PollReport>;
  start(): void;
  stop(): Promise<void>;
  readonly engine: AlertEngine;
  /** How each subscriber gets its alerts (instant, digest, quiet hours), when digests are wired in (src/digests). */
  readonly modes?: AlertModes;
}

export interface AlertServiceOptions {
  store: Store;
  papers: PapersService;
  /** arXiv's announcements (the app's arXiv client), when the arXiv source is on: polled and previewed. */
  arxiv?: ArxivAnnouncements;
  /** Earlier arXiv announcement days kept by the archive, so a preview covers 7 days of arXiv, not only the newest. */
  earlierArxiv?: EarlierAnnouncements;
  /** Followed papers and term weights for `like:` subscriptions (the archive); without it they are refused. */
  likes?: LikeSource;
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
  /** Alert modes, and where matches go at delivery (src/digests holds some for digests or quiet hours). */
  digests?: { modes: AlertModes; deliver: NonNullable<AlertEngineOptions['deliver']> };
  /** Where the engine keeps its snapshot (`engine-snapshot.ts`). */
  snapshotFile?: string;
}

export function createAlertService(opts: AlertServiceOptions): AlertService {
  const subscriptions = createSubscriptionStore(opts.store, { limitOf: opts.limitOf });
  const engine = createAlertEngine({
    store: opts.store,
    subscriptions,
    papers: opts.papers,
    ...(opts.arxiv ? { arxiv: opts.arxiv } : {}),
    queue: opts.queue,
    health: opts.health,
    log: opts.log,
    pollMs: opts.pollMs ?? opts.pollMinutes * 60_000,
    dailyCap: opts.dailyCap,
    now: opts.now,
    ...(opts.digests ? { deliver: opts.digests.deliver } : {}),
    ...(opts.likes ? { termsOf: opts.likes.termsOf } : {}),
    ...(opts.snapshotFile ? { snapshotFile: opts.snapshotFile } : {}),
  });
  const service: AlertService = {
    ...(opts.digests ? { modes: opts.digests.modes } : {}),
    dailyCap: opts.dailyCap,
    pollMinutes: opts.pollMinutes,
    arxivOn: opts.arxiv !== undefined,
    engine,
    async subscribe(req) {
      // A query that names no source gets every source this bot reads (docs/decisions/098); the stored text says so.
      const typed = req.query.trim();
      const parsed = parseAlertQuery(typed, { defaultSource: opts.arxiv ? DEFAULT_NEW_SOURCE : 'hf' });
      const query = parsed.explicit || parsed.scope.source === 'hf' ? typed : withSource(typed, parsed);
      const outcome = await subscriptions.create({ ...req, query, canonical: formatAlertQuery(parsed) });
      if (outcome.status === 'created') {
        engine.track(outcome.sub);
        opts.log.info({ id: outcome.sub.id, owner: outcome.sub.owner, query: outcome.sub.canonical }, 'alert subscription added');
      }
      return { ...outcome, parsed };
    },
    async subscribeLike(req) {
      if (!opts.likes) throw new UserError('Following a paper needs the paper archive, which this deployment does not have.');
      const outcome = await createLikeSubscription(subscriptions, opts.likes, req, opts.arxiv ? DEFAULT_NEW_SOURCE : 'hf');
      if (outcome.status === 'created') {
        engine.track(outcome.sub);
        opts.log.info({ id: outcome.sub.id, owner: outcome.sub.owner, query: outcome.sub.canonical }, 'alert subscription added');
      }
      return outcome;
    },
    previewLike(like, scope, now) {
      const termsOf = opts.likes?.termsOf ?? plainTerms;
      const match = (paper: Paper) => ({ matched: isSimilar(like, paper.id, termsOf(paper, LIKE_PAPER_TERMS)), why: [likeReason(like.title)] });
      return previewMatching(opts.papers, opts.arxiv, scope, match, now, PREVIEW_DAYS, opts.earlierArxiv);
    },
    find: (id, owners) => subscriptions.find(id, owners),
    async unsubscribe(sub) {
      const removed = await subscriptions.remove(sub);
      engine.untrack(sub.id);
      if (removed) opts.log.info({ id: sub.id, owner: sub.owner }, 'alert subscription removed');
      return removed;
    },
    list: (owner) => subscriptions.list(owner),
    preview: (query, now) => previewQuery(opts.papers, opts.arxiv, query, now, PREVIEW_DAYS, opts.earlierArxiv),
    suggest: (owners, typed) => suggestSubscriptions(subscriptions, owners, typed),
    poll: (now, o) => engine.poll(now, o),
    start: () => engine.start(),
    stop: () => engine.stop(),
  };
  return service;
}

/** The typed query with its default source written out (` source:any`), in parentheses if it is an OR. */
function withSource(typed: string, parsed: ScopedQuery): string {
  return `${parsed.query.type === 'or' ? `(${typed})` : typed} source:${parsed.scope.source}`;
}
