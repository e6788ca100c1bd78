import type { AlertService } from '../src/alerts/alert-service.ts';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/log.ts';
import type { DestinationHealth } from '../src/delivery/destination-health.ts';
import type { PlatformStatus } from '../src/delivery/platform-status.ts';
import type { AppMetrics } from '../src/observability/metrics.ts';
import type { PapersService } from '../src/papers/papers-service.ts';
import type { ChannelSettingsService } from '../src/schedule/channel-settings.ts';
import type { CommunityVotes } from '../src/trending/rank.ts';
import type { Period, TopEntry } from '../src/votes/top.ts';

/** Community votes as commands read them, when the votes module is wired in (`src/votes/votes.ts` implements it). */
export interface VotesReader {
  netVotes(community: string, paperIds: readonly string[]): Promise<CommunityVotes>;
  top(community: string, period: Period, now: Date, limit?: number): Promise<TopEntry[]>;
}

/** The core services commands may use. `src/app.ts` builds it; tests build it from real parts. */
export interface CommandDeps {
  papers: PapersService;
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
  /** Counts each command by name and outcome, with its duration (`/metrics`). */
  metrics?: Pick<AppMetrics, 'command'>;
}
