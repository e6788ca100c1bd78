import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../log.ts';
import type { Paper } from '../model.ts';
import { paperSchema } from '../papers/paper-schema.ts';
import type { Store } from '../store/store.ts';
import { createSearchIndex, type IndexHit, type SearchIndex } from './search-index.ts';
import { searchFilter, toSearchQuery } from './search-query.ts';
import { yieldToEventLoop } from '../turns.ts';

/** A found paper with its score and the query terms it shares. */
export interface ArchiveHit {
  paper: Paper;
  score: number;
  terms: string[];
}

export interface Archive {
  /** Loads every archived paper from the store into the index and starts following other instances' additions. */
  start(): Promise<void>;
  stop(): void;
  /** Stops and frees the index (its temporary database); searches fail after this. */
  close(): void;
  /** Stores papers just seen (a source's day); unchanged ones cost nothing. Resolves once stored and indexed. */
  record(papers: readonly Paper[]): Promise<number>;
  /** Reads the journal of recent additions and indexes what other instances stored. Returns how many were new or changed. */
  sync(): Promise<number>;
  get(id: string): Promise<Paper | undefined>;
  search(text: string, limit: number): Promise<ArchiveHit[]>;
  /** The archived papers arXiv announced from `fromDay` to `toDay` (UTC days, both included), as stored. */
  announced(fromDay: string, toDay: string): Promise<Paper[]>;
  /** Papers sharing the paper's distinctive terms; the paper itself left out. */
  similar(paper: Paper, limit: number): Promise<ArchiveHit[]>;
  /** The paper's distinctive terms weighted by the archive's document frequencies (`like:` alerts, docs/decisions/104). */
  distinctiveTerms(paper: Paper, max: number): { term: string; weight: number }[];
  readonly size: number;
  /** False until `start` has read every stored paper: searches meanwhile see only what is indexed so far. */
  readonly loaded: boolean;
}

export interface ArchiveOptions {
  store: Store;
  log: Logger;
  /** Retention: a paper is kept this long after it was last recorded, by the store's clock (its TTL). */
  retentionDays: number;
  /** How often the journal of other instances' additions is read (default 60 s). */
  syncMs?: number;
  index?: SearchIndex;
}

export const ARCHIVE_COLLECTION = 'archive-papers';
const JOURNAL_COLLECTION = 'archive-journal';
/** How long a journal entry stays: far longer than any sync interval, so an instance that was busy still sees it. */
const JOURNAL_TTL_MS = 2 * 86_400_000;
const RECORD_BATCH = 50;
const journalSchema = z.object({ stamp: z.string() });
/** Distinctive terms used as the similar-papers query (25 before decision 105: more terms, slower, hardly better). */
export const SIMILAR_TERMS = 12;

/** What changes a paper's card or its index entry; upvotes move every poll and are written at most daily. */
const fingerprint = (p: Paper) => JSON.stringify([p.title, p.summary, p.keywords, p.authors, p.day, p.githubRepo, p.comments]);

/**
 * The archive of every paper paperboy has seen, kept in the store (`archive-papers`, one key per paper, TTL
 * `retentionDays`) and indexed in memory. Instances share it: each write also goes to a short-lived journal
 * (`archive-journal`, id → random stamp) that every instance reads every `syncMs` and indexes the stamps it has not seen;
 * expired papers leave the index when a search meets them.
 */
export function createArchive(opts: ArchiveOptions): Archive {
  const { store, log } = opts;
  const papers = store.collection(ARCHIVE_COLLECTION, paperSchema);
  const journal = store.collection(JOURNAL_COLLECTION, journalSchema);
  const index = opts.index ?? createSearchIndex();
  const retentionMs = opts.retentionDays * 86_400_000;
  /** Per paper: the journal stamp this instance indexed, and the content fingerprint and day it recorded. */
  const seenStamps = new Map<string, string>();
  const recorded = new Map<string, { print: string; at: number }>();
  let timer: NodeJS.Timeout | undefined;
  let started: Promise<void> | undefined;
  let loaded = false;
  /** Each indexed paper's arXiv announcement day, for `announced` (the index itself stores only the day listed). */
  const arxivDayOf = new Map<string, string>();
  /** Set by `close`: the index is gone, and a load or write still under way indexes nothing more. */
  let closed = false;
  const indexPaper = (paper: Paper) => {
    if (closed) return;
    index.upsert(paper);
    if (paper.arxivDay) arxivDayOf.set(paper.id, paper.arxivDay);
    else arxivDayOf.delete(paper.id);
  };
  const unindex = (id: string) => {
    if (closed) return;
    index.remove(id);
    arxivDayOf.delete(id);
  };

  async function loadAll(): Promise<void> {
    let n = 0;
    for await (const [, paper] of papers.entries()) {
      if (closed) return;
      indexPaper(paper);
      // Indexing takes ~0.25 ms a paper: a turn every 100 papers lets commands' acknowledgements through meanwhile.
      if (++n % 100 === 0) await yieldToEventLoop();
      if (n % 10_000 === 0) log.info({ papers: n }, 'archive loading');
    }
    for await (const [id, { stamp }] of journal.entries()) seenStamps.set(id, stamp);
    loaded = true;
    log.info({ papers: n }, 'archive loaded');
    if (opts.syncMs !== 0) {
      timer = setInterval(() => void archive.sync().catch((err: Error) => log.warn({ err: err.message }, 'archive sync failed')), opts.syncMs ?? 60_000);
      timer.unref();
    }
  }

  /** The hits' papers from the store, those `keep` accepts, up to `limit`; papers the store no longer has leave the index. */
  async function load(hits: IndexHit[], limit: number, keep: (p: Paper) => boolean = () => true): Promise<ArchiveHit[]> {
    const found = await Promise.all(hits.map((h) => papers.get(h.id)));
    const out: ArchiveHit[] = [];
    hits.forEach((h, i) => {
      const paper = found[i];
      if (paper === undefined) unindex(h.id); // expired or deleted in the store
      else if (out.length < limit && keep(paper)) out.push({ paper, score: h.score, terms: h.terms });
    });
    return out;
  }

  const archive: Archive = {
    get size() {
      return index.size;
    },
    get loaded() {
      return loaded;
    },
    start() {
      started ??= loadAll();
      return started;
    },
    stop() {
      clearInterval(timer);
    },
    close() {
      clearInterval(timer);
      if (!closed) index.close();
      closed = true;
    },
    async record(list) {
      const now = Date.now();
      const latest = [...new Map(list.map((p) => [p.id, p])).values()];
      const changed = latest.filter((p) => {
        const was = recorded.get(p.id);
        return !was || was.print !== fingerprint(p) || now - was.at > 86_400_000;
      });
      // A few writes at a time: a 10,000-paper arXiv day must not queue 20,000 store calls at once, where the
      // last of them could outlive the store guard's bound while waiting for a pool connection.
      for (let start = 0; start < changed.length; start += RECORD_BATCH) {
        await Promise.all(
          changed.slice(start, start + RECORD_BATCH).map(async (paper) => {
            const stamp = randomUUID();
            await papers.set(paper.id, paper, retentionMs);
            await journal.set(paper.id, { stamp }, JOURNAL_TTL_MS);
            seenStamps.set(paper.id, stamp);
            recorded.set(paper.id, { print: fingerprint(paper), at: now });
            indexPaper(paper);
          }),
        );
      }
      return changed.length;
    },
    async sync() {
      let n = 0;
      for await (const [id, { stamp }] of journal.entries()) {
        if (seenStamps.get(id) === stamp) continue;
        const paper = await papers.get(id);
        seenStamps.set(id, stamp);
        if (paper) indexPaper(paper);
        else unindex(id);
        n++;
      }
      return n;
    },
    get: (id) => papers.get(id),
    distinctiveTerms: (paper, max) => index.distinctiveTerms(paper, max),
    async announced(fromDay, toDay) {
      const ids = [...arxivDayOf].filter(([, day]) => day >= fromDay && day <= toDay).map(([id]) => id);
      const found = await Promise.all(ids.map((id) => papers.get(id)));
      return found.filter((p): p is Paper => p !== undefined);
    },
    async search(text, limit) {
      const query = toSearchQuery(text);
      return load(index.search(query, limit + 10), limit, searchFilter(query));
    },
    async similar(paper, limit) {
      if (!index.has(paper.id)) index.upsert(paper); // so its own terms count in the document frequencies
      const terms = index.distinctiveTerms(paper, SIMILAR_TERMS, { sharedOnly: true });
      const weight = new Map(terms.map((t) => [t.term, t.weight]));
      const hits = await load(index.similarTo(terms, limit + 10, paper.id), limit);
      return hits.map((h) => ({ ...h, terms: [...h.terms].sort((a, b) => (weight.get(b) ?? 0) - (weight.get(a) ?? 0)) }));
    },
  };
  return archive;
}
