import type { webApi } from '@slack/bolt';
import { slackErrorCode } from './slack-errors.ts';

type WebClient = webApi.WebClient;

/** The metadata `event_type` of every message the delivery queue posts on Slack. */
export const DELIVERY_EVENT = 'paperboy_delivery';

/** The metadata that marks part `part` (1-based) of the delivery `key`. */
export const deliveryMetadata = (key: string, part: number) => ({ event_type: DELIVERY_EVENT, event_payload: { key, part } });

/** How far back and how deep a lookup reads a channel's history. */
export interface HistoryLookupOptions {
  /** Only messages newer than this are read (the queue retries within minutes; a day leaves room for clock skew). */
  windowMs: number;
  /** Messages per conversations.history page (Slack's maximum is 999). */
  pageSize: number;
  /** Pages read at most: a channel busier than pageSize × maxPages in the window is not read to the end. */
  maxPages: number;
}

export const DEFAULT_HISTORY_LOOKUP: HistoryLookupOptions = { windowMs: 86_400_000, pageSize: 200, maxPages: 5 };

/** Errors after which the history of this channel cannot be read by this token: the lookup is impossible, not late. */
const UNREADABLE: ReadonlySet<string> = new Set(['missing_scope', 'not_in_channel', 'channel_not_found']);

export type LookupResult =
  /** The parts found, part number → ts (possibly none). */
  | { kind: 'read'; parts: Map<number, string>; complete: boolean }
  /** The history cannot be read (`missing_scope`, `not_in_channel`…): `reason` is Slack's code. */
  | { kind: 'unreadable'; reason: string };

/**
 * Looks for the messages of delivery `key` in the channel's recent history, by their metadata, newest first, until
 * every part in `wanted` is found or the window or page budget ends (`complete: false` when pages were left unread).
 * Any other failure (rate limit, timeout, 5xx) is thrown: the caller must not post blindly.
 */
export async function findPostedParts(
  client: WebClient,
  channel: string,
  key: string,
  wanted: ReadonlySet<number>,
  o: HistoryLookupOptions,
  now: number,
): Promise<LookupResult> {
  const parts = new Map<number, string>();
  const oldest = ((now - o.windowMs) / 1000).toFixed(6);
  let cursor: string | undefined;
  for (let page = 0; page < o.maxPages; page++) {
    let res: webApi.ConversationsHistoryResponse;
    try {
      res = await client.conversations.history({ channel, include_all_metadata: true, limit: o.pageSize, oldest, ...(cursor ? { cursor } : {}) });
    } catch (err) {
      const code = slackErrorCode(err);
      if (code && UNREADABLE.has(code)) return { kind: 'unreadable', reason: code };
      throw err;
    }
    for (const m of res.messages ?? []) {
      const meta = m.metadata;
      const payload = meta?.event_payload as { key?: unknown; part?: unknown } | undefined;
      if (meta?.event_type !== DELIVERY_EVENT || payload?.key !== key || typeof payload.part !== 'number' || !m.ts) continue;
      parts.set(payload.part, m.ts); // newest first: a part posted twice ends up with its oldest ts
    }
    if ([...wanted].every((p) => parts.has(p))) return { kind: 'read', parts, complete: true };
    cursor = res.has_more ? res.response_metadata?.next_cursor : undefined;
    if (!cursor) return { kind: 'read', parts, complete: true };
  }
  return { kind: 'read', parts, complete: false };
}
