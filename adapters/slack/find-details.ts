import type { webApi } from '@slack/bolt';
import { slackErrorCode } from './slack-errors.ts';

/** The metadata `event_type` of a details post in a message's thread. */
export const DETAILS_EVENT = 'paperboy_details';

/** The metadata that marks the details of `paperId` (docs/decisions/101). */
export const detailsMetadata = (paperId: string) => ({ event_type: DETAILS_EVENT, event_payload: { paper: paperId } });

/** Errors after which this token cannot read the thread: looking is impossible, so the press posts (as before 103). */
const UNREADABLE: ReadonlySet<string> = new Set(['missing_scope', 'not_in_channel', 'channel_not_found', 'thread_not_found']);
const PAGE = 200;
const MAX_PAGES = 5;

/**
 * The ts of the details of `paperId` already posted in the thread of `threadTs`, found by their metadata
 * (conversations.replies), or undefined when there is none or the thread cannot be read. Any other failure (rate limit,
 * timeout, 5xx) is thrown: the caller must not post blindly.
 */
export async function findDetailsReply(client: webApi.WebClient, channel: string, threadTs: string, paperId: string): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let res: webApi.ConversationsRepliesResponse;
    try {
      res = await client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: PAGE, ...(cursor ? { cursor } : {}) });
    } catch (err) {
      const code = slackErrorCode(err);
      if (code && UNREADABLE.has(code)) return undefined;
      throw err;
    }
    for (const m of res.messages ?? []) {
      const payload = m.metadata?.event_payload as { paper?: unknown } | undefined;
      if (m.metadata?.event_type === DETAILS_EVENT && payload?.paper === paperId && m.ts && m.ts !== threadTs) return m.ts;
    }
    cursor = res.has_more ? res.response_metadata?.next_cursor : undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}
