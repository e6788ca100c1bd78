import type { Store } from '../store/store.ts';
import {
  batchKey,
  headsNamespace,
  journalBatchSchema,
  journalHeadSchema,
  journalNamespace,
  type VoteValue,
} from './keys.ts';

/**
 * The per-instance vote journal (docs/decisions/096). Each instance appends the vote keys it stores, in batches
 * `<instance>.<seq>` (seq 1, 2, … per community, never reused), and after each batch publishes its head seq. Another
 * instance's cached tally catches up by reading only the batches after the heads it has applied.
 */
export interface VoteJournal {
  /** This instance's id: its batches and head carry it. */
  readonly instance: string;
  /**
   * Journals one stored vote key. Resolves once a batch holding it is stored and the head naming that batch published,
   * so a reader that lists heads afterwards reads it. Concurrent appends share one batch (group commit).
   */
  append(community: string, key: string, value: VoteValue): Promise<void>;
  /** The published heads of the *other* instances: instance → latest seq. */
  heads(community: string): Promise<Map<string, number>>;
  /**
   * The journaled votes after `applied` up to `heads`, or why they cannot be had (then rebuild from the vote keys): a
   * batch is missing (expired, or its write failed), a head an applied instance had vanished, or too many batches wait.
   */
  since(community: string, applied: ReadonlyMap<string, number>, heads: ReadonlyMap<string, number>): Promise<CatchUp>;
}

export type CatchUp =
  | { ok: true; votes: Array<[string, VoteValue]>; batches: number }
  | { ok: false; reason: 'gap' | 'head-vanished' | 'too-far-behind' };

export interface VoteJournalOptions {
  store: Store;
  instance: string;
  /** How long a batch is kept (store clock). Default 1 hour. */
  batchTtlMs?: number;
  /** How long a head is kept after its last publish (store clock). Default 7 days. */
  headTtlMs?: number;
  /** More batches than this to read in one catch-up and the reader rebuilds instead. Default 200. */
  maxBehind?: number;
}

/** At most this many votes in one batch, so one stored value stays small. */
const MAX_BATCH_VOTES = 500;
/** Batches fetched at once while catching up. */
const FETCH_PARALLEL = 50;

interface Waiting {
  vote: [string, VoteValue];
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Outbox {
  lastSeq: number;
  waiting: Waiting[];
  flushing: boolean;
}

export function createVoteJournal(opts: VoteJournalOptions): VoteJournal {
  const { store, instance } = opts;
  const batchTtl = opts.batchTtlMs ?? 3_600_000;
  const headTtl = opts.headTtlMs ?? 7 * 86_400_000;
  const maxBehind = opts.maxBehind ?? 200;
  const outboxes = new Map<string, Outbox>();
  const batchesOf = (community: string) => store.collection(journalNamespace(community), journalBatchSchema);
  const headsOf = (community: string) => store.collection(headsNamespace(community), journalHeadSchema);

  /**
   * One flush at a time per community, so heads are published in seq order. A failed batch rejects its appends and
   * its seq is never reused (a write that timed out may still land); readers then find a gap and rebuild.
   */
  async function flush(community: string, box: Outbox) {
    box.flushing = true;
    try {
      while (box.waiting.length) {
        const batch = box.waiting.splice(0, MAX_BATCH_VOTES);
        const seq = ++box.lastSeq;
        try {
          await batchesOf(community).set(batchKey(instance, seq), { votes: batch.map((w) => w.vote) }, batchTtl);
          await headsOf(community).set(instance, { seq, at: Date.now() }, headTtl);
          for (const w of batch) w.resolve();
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      box.flushing = false;
    }
  }

  async function fetchBatches(community: string, keys: string[]): Promise<Array<[string, VoteValue]> | undefined> {
    const votes: Array<[string, VoteValue]> = [];
    const batches = batchesOf(community);
    for (let i = 0; i < keys.length; i += FETCH_PARALLEL) {
      const got = await Promise.all(keys.slice(i, i + FETCH_PARALLEL).map((k) => batches.get(k)));
      for (const b of got) {
        if (!b) return undefined;
        votes.push(...b.votes);
      }
    }
    return votes;
  }

  return {
    instance,

    append(community, key, value) {
      let box = outboxes.get(community);
      if (!box) outboxes.set(community, (box = { lastSeq: 0, waiting: [], flushing: false }));
      const appended = new Promise<void>((resolve, reject) =>
        box.waiting.push({ vote: [key, value], resolve, reject }),
      );
      if (!box.flushing) void flush(community, box);
      return appended;
    },

    async heads(community) {
      const heads = new Map<string, number>();
      for await (const [id, head] of headsOf(community).entries()) if (id !== instance) heads.set(id, head.seq);
      return heads;
    },

    async since(community, applied, heads) {
      for (const id of applied.keys()) if (!heads.has(id)) return { ok: false, reason: 'head-vanished' };
      const keys: string[] = [];
      for (const [id, head] of heads) {
        for (let seq = (applied.get(id) ?? 0) + 1; seq <= head; seq++) {
          keys.push(batchKey(id, seq));
          if (keys.length > maxBehind) return { ok: false, reason: 'too-far-behind' };
        }
      }
      if (!keys.length) return { ok: true, votes: [], batches: 0 };
      const votes = await fetchBatches(community, keys);
      return votes ? { ok: true, votes, batches: keys.length } : { ok: false, reason: 'gap' };
    },
  };
}
