import type { DetailsThreads } from '../src/actions/details-threads.ts';
import type { Archive } from '../src/archive/archive.ts';
import type { AlertService } from '../src/alerts/alert-service.ts';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/log.ts';
import type { DestinationHealth } from '../src/delivery/destination-health.ts';
import type { PlatformStatus } from '../src/delivery/platform-status.ts';
import type { AppMetrics } from '../src/observability/metrics.ts';
import type { ArxivAnnouncements } from '../src/papers/merge-papers.ts';
import type { PapersService } from '../src/papers/papers-service.ts';
import type { ChannelSettingsService } from '../src/schedule/channel-settings.ts';
import type { CommunityVotes } from '../src/trending/rank.ts';
import type { Turns } from '../src/turns.ts';
import type { Period, TopEntry } from '../src/votes/top.ts';

/** Community votes as commands read them, when the votes module is wired in (`src/votes/votes.ts` implements it). */
export interface VotesReader {
  netVotes(community: string, paperIds: readonly string[]): Promise<CommunityVotes>;
  top(community: string, period: Period, now: Date, limit?: number): Promise<TopEntry[]>;
}

/** The core services commands may use. `src/app.ts` builds it; tests build it from real parts. */
export interface CommandDeps {
  papers: PapersService;
  /** arXiv's daily announcements, when the arXiv source is on (ARXIV_CATEGORIES not empty). */
  arxiv?: ArxivAnnouncements;
  config: Pick<Config, 'TZ_DEFAULT'> & { VOTE_WEIGHT?: number };
  log: Logger;
  votes?: VotesReader;
  /** Daily-post settings per channel (`/papers channel …`). */
  channels?: ChannelSettingsService;
  /** Which destinations stopped receiving messages, and why. */
  destinations?: DestinationHealth;
  /** Standing notes about a platform as a whole (e.g. a missing Slack scope), shown by `channel show`. */
  platformStatus?: Pick<PlatformStatus, 'notes'>;
  /** Keyword alert subscriptions (`/papers subscribe`, `unsubscribe`, `subscriptions`). */
  alerts?: AlertService;
  /** The once-only record of the Details action's posts; without it, Details answers privately instead of in a thread. */
  details?: DetailsThreads;
  /** Every paper seen, searchable (`/papers search`, `similar`). */
  archive?: Archive;
  /** True once this process is shutting down: new commands are answered with a short "restarting" note. */
  stopping?: () => boolean;
  /** Counts each command by name and outcome, with its duration (`/metrics`). */
  metrics?: Pick<AppMetrics, 'command'>;
  /**
   * Turn-taking with the platforms' acknowledgements, one for the process (adapters make their own when it is absent):
   * a command starts only when it is its turn (src/turns.ts).
   */
  turns?: Turns;
}
