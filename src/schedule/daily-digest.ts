import type { Reply } from '../model.ts';
import { utcDay } from '../papers/day.ts';
import type { DayList } from '../papers/papers-service.ts';
import { rankPapers, selectTop, type CommunityVotes } from '../trending/rank.ts';
import type { ChannelSettings } from './channel-settings.ts';

/** Net community votes per paper, when the votes module is wired in (the same shape as commands' VotesReader). */
export interface CommunityVotesReader {
  netVotes(community: string, paperIds: readonly string[]): Promise<CommunityVotes>;
}

/** HF keeps adding to a day's list until about this hour (UTC). */
export const LIST_SETTLES_AT_UTC_HOUR = 5;

/**
 * The daily post of one channel: the day's papers ranked (community votes blended in when given), the top `count` with
 * at least `minUpvotes`, with notes saying which day it is when that is not obvious. Pure.
 */
export function dailyDigest(list: DayList, settings: ChannelSettings, now: Date, votes?: CommunityVotes, weight?: number): Reply {
  const papers = selectTop(rankPapers(list.papers, { votes, weight }), settings.count, settings.minUpvotes);
  if (papers.length === 0)
    return { kind: 'text', text: `No paper from ${list.day} has ${settings.minUpvotes}+ upvotes on Hugging Face yet.` };
  const today = utcDay(now);
  const notes: string[] = [];
  if (list.day !== today) notes.push(`No papers yet for ${today}; this is ${list.day}, the newest day.`);
  else if (now.getUTCHours() < LIST_SETTLES_AT_UTC_HOUR)
    notes.push(`The list for ${list.day} is still growing on Hugging Face (until about 0${LIST_SETTLES_AT_UTC_HOUR}:00 UTC).`);
  if (list.stale) notes.push(list.stale.note);
  return {
    kind: 'digest',
    title: `Trending papers · ${list.day}`,
    day: list.day,
    papers,
    note: notes.length ? notes.join(' ') : undefined,
    votable: true,
  };
}

/** Said once to a channel when the papers could not be fetched for the whole grace window. */
export const outageNotice = (localDay: string): Reply => ({
  kind: 'text',
  text:
    `Sorry, today's papers (${localDay}) could not be posted: Hugging Face has not been answering and nothing was ` +
    'cached. The next post will come at the usual time; /papers today works as soon as the source is back.',
});
