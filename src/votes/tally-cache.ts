import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { voteValueSchema, votesNamespace, type VoteValue } from './keys.ts';
import { createTally, type Tally } from './tally.ts';
import { createVoteJournal, type VoteJournalOptions } from './vote-journal.ts';

/**
 * Tallies kept in memory per community, exact across processes sharing the store (docs/decisions/012, 096):
 * - every vote this instance stores is applied to its cached tally directly, then journaled for the others;
 * - a read lists the other instances' journal heads and applies the batches after those it has applied; when a batch
 *   is missing, a head vanished or too many batches wait, the tally is rebuilt from the vote keys;
 * - a tally older than `maxAgeMs` is rebuilt in the background, for votes whose writer died before journaling them.
 */
export interface TallyCache {
  /** The community's tally, including every vote whose `handle` finished before this call began. */
  get(community: string): Promise<Tally>;
  /** Called once a vote key is stored: updates the tally here, then journals it for other instances. */
  wrote(community: string, key: string, value: VoteValue): Promise<void>;
  /** Rebuilds from the vote keys alone, replaces the cached copy, and drops keys later removals made irrelevant. */
  rebuild(community: string): Promise<Tally>;
}

export interface TallyCacheOptions {
  store: Store;
  log: Logger;
  /** False rebuilds on every read (the naive baseline). */
  enabled: boolean;
  /** A cached tally older than this is rebuilt (in the background) even when every other write was journaled. */
  maxAgeMs: number;
  /** Journal retention and catch-up limit; defaults in vote-journal.ts. */
  journal?: Pick<VoteJournalOptions, 'batchTtlMs' | 'headTtlMs' | 'maxBehind'>;
}

interface Entry {
  tally: Tally;
  /** Per other instance, the journal seq up to which its votes are in `tally`. */
  applied: Map<string, number>;
  /** When the scan behind it began (this host's clock: only this process compares it). */
  builtAt: number;
  /** The build's place in this cache's order of events. */
  order: number;
}

interface Build {
  order: number;
  promise: Promise<Entry>;
  /** This instance's votes stored while the scan ran: the scan may have missed them. */
  ownWrites: Array<[string, VoteValue]>;
}

/** At most one build runs per community; requests for a newer one while it runs share the one queued behind it. */
interface BuildSlot {
  running?: Build;
  queued?: Promise<Entry>;
  startQueued?: () => void;
}

export function createTallyCache(opts: TallyCacheOptions): TallyCache {
  const { store, log } = opts;
  const journal = createVoteJournal({ store, instance: randomUUID().replaceAll('-', '').slice(0, 12), ...opts.journal });
  const cache = new Map<string, Entry>();
  const slots = new Map<string, BuildSlot>();
  let events = 0;
  const votesOf = (community: string) => store.collection(votesNamespace(community), voteValueSchema);
  const slotOf = (community: string) => {
    let slot = slots.get(community);
    if (!slot) slots.set(community, (slot = {}));
    return slot;
  };

  async function scan(community: string): Promise<Tally> {
    const entries: Array<[string, VoteValue]> = [];
    for await (const entry of votesOf(community).entries()) entries.push(entry);
    const tally = createTally(entries);
    const superseded = tally.superseded();
    if (superseded.length) await compact(community, superseded);
    return tally;
  }

  async function compact(community: string, keys: readonly string[]) {
    const votes = votesOf(community);
    try {
      for (let i = 0; i < keys.length; i += 100) await Promise.all(keys.slice(i, i + 100).map((k) => votes.delete(k)));
    } catch (err) {
      log.warn({ community, err: (err as Error).message }, 'could not drop superseded vote keys; will retry on next rebuild');
    }
  }

  /** Lists the heads, then scans: every batch up to those heads holds only keys stored before the scan began. */
  function run(community: string, slot: BuildSlot): Build {
    const b: Build = { order: ++events, promise: Promise.resolve(undefined as never), ownWrites: [] };
    const builtAt = Date.now();
    slot.running = b;
    b.promise = (async () => {
      const applied = await journal.heads(community);
      const tally = await scan(community);
      tally.add(b.ownWrites);
      const entry: Entry = { tally, applied, builtAt, order: b.order };
      const current = cache.get(community);
      if (!current || current.order < entry.order) cache.set(community, entry);
      return entry;
    })().finally(() => {
      slot.running = undefined;
      const start = slot.startQueued;
      slot.queued = slot.startQueued = undefined;
      start?.();
    });
    return b;
  }

  /** A build that began after `event`: the one running if it did, else the one queued behind it, else a new one. */
  function buildAfter(community: string, event: number): Promise<Entry> {
    const slot = slotOf(community);
    if (slot.running && slot.running.order > event) return slot.running.promise;
    if (!slot.running) return run(community, slot).promise;
    slot.queued ??= new Promise<Entry>((resolve, reject) => {
      slot.startQueued = () => void run(community, slot).promise.then(resolve, reject);
    });
    return slot.queued;
  }

  function refreshInBackground(community: string) {
    const slot = slotOf(community);
    if (slot.running || slot.queued) return;
    run(community, slot).promise.catch((err: unknown) =>
      log.warn({ community, err: (err as Error).message }, 'background tally rebuild failed; the next read retries'),
    );
  }

  return {
    async get(community) {
      if (!opts.enabled) return scan(community);
      const began = ++events;
      const entry = cache.get(community) ?? (await buildAfter(community, 0));
      if (Date.now() - entry.builtAt >= opts.maxAgeMs) refreshInBackground(community);
      const heads = await journal.heads(community);
      const caught = await journal.since(community, entry.applied, heads);
      if (caught.ok) {
        entry.tally.add(caught.votes);
        for (const [id, seq] of heads) if (seq > (entry.applied.get(id) ?? 0)) entry.applied.set(id, seq);
        return entry.tally;
      }
      log.debug({ community, reason: caught.reason }, 'vote journal cannot catch up; rebuilding the tally');
      return (await buildAfter(community, began)).tally;
    },

    async wrote(community, key, value) {
      cache.get(community)?.tally.add([[key, value]]);
      slots.get(community)?.running?.ownWrites.push([key, value]);
      await journal.append(community, key, value);
    },

    async rebuild(community) {
      if (!opts.enabled) return scan(community);
      cache.delete(community);
      return (await buildAfter(community, ++events)).tally;
    },
  };
}
