import { destinationKey, type Destination, type Reply } from '../model.ts';
import { currentWeek, describePeriod, previousPeriod, type Period } from '../papers/period.ts';
import type { PeriodList } from '../papers/period-lists.ts';
import type { PapersService } from '../papers/papers-service.ts';
import { rankPapers, selectTop, type CommunityVotes } from '../trending/rank.ts';
import type { ChannelSettings } from './channel-settings.ts';

/**
 * The week a weekly post shows at `at`: from Friday (UTC) on, the current ISO week, whose working days are listed by
 * then; Monday to Thursday, the previous, complete week. An empty week falls back to the one before.
 */
export function weekToPost(at: Date): Period {
  const weekday = at.getUTCDay() || 7;
  const current = currentWeek(at);
  return weekday >= 5 ? current : previousPeriod(current);
}

/** HF's list of the week to post, or of the week before when that one has no papers yet. */
export async function weeklyList(papers: PapersService, now: Date): Promise<PeriodList> {
  const week = weekToPost(now);
  const list = await papers.getPeriod(week, now);
  return list.papers.length ? list : papers.getPeriod(previousPeriod(week), now);
}

/** The delivery key of one channel's weekly post of one ISO week: a week is posted in a channel at most once. */
export const weeklyKey = (to: Destination, week: string): string => `weekly:${destinationKey(to)}:${week}`;

/** The weekly post of one channel: the week's papers ranked like `today` (votes blended), top `count` with `minUpvotes`. */
export function weeklyDigest(list: PeriodList, settings: ChannelSettings, votes?: CommunityVotes, weight?: number): Reply {
  const title = `week ${describePeriod(list.period)}`;
  const papers = selectTop(rankPapers(list.papers, { votes, weight }), settings.count, settings.minUpvotes);
  if (papers.length === 0) return { kind: 'text', text: `No paper of ${title} has ${settings.minUpvotes}+ upvotes on Hugging Face.` };
  const notes = ['The week’s top papers on Hugging Face (ISO weeks, Monday to Sunday UTC).'];
  if (list.stale) notes.push(list.stale.note);
  return { kind: 'digest', title: `Trending papers · ${title}`, day: list.period.first, papers, note: notes.join(' '), votable: true };
}

/** Said once to a weekly channel when the week's papers could not be fetched for the whole grace window. */
export const weeklyOutageNotice = (localDay: string): Reply => ({
  kind: 'text',
  text:
    `Sorry, this week's papers (post of ${localDay}) could not be posted: Hugging Face has not been answering and nothing ` +
    'was cached. The next weekly post will come at the usual time; /papers week works as soon as the source is back.',
});
