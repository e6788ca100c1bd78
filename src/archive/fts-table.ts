import Database from 'better-sqlite3';

/** The index's text columns, in table order, and the BM25 weight of each (docs/decisions/102). */
export const COLUMNS = ['title', 'summary', 'keywords', 'authors'] as const;
export type Column = (typeof COLUMNS)[number];
export const FIELD_BOOST: Record<Column, number> = { title: 3, summary: 1, keywords: 2, authors: 2 };
const WEIGHTS = COLUMNS.map((c) => FIELD_BOOST[c]).join(', ');

/** Writes of one burst share a transaction, committed on the next turn or after this many (docs/decisions/108). */
const WRITES_PER_COMMIT = 5_000;

/** A row the index returns: its row number, the paper id, its day, its score (higher is better) and, for `similar`, the terms it shares. */
export interface FtsRow {
  n: number;
  id: string;
  day: string;
  score: number;
  terms?: string;
}

/** A term as an FTS5 string: quoted, so it is one token whatever it spells (`and`, `near`, …). */
export const ftsString = (term: string) => `"${term.replaceAll('"', '""')}"`;

/**
 * SQLite FTS5 over pre-tokenized papers, in a private temporary database (the empty file name: on disk, deleted when
 * closed or when the process ends, with only its page cache in memory). Contentless (`content=''`, rows deletable): the
 * postings are delta-coded integers, a few bytes each, instead of a JS object per term and paper (docs/decisions/108).
 * (`detail=column` would be smaller, but its `bm25()` scores every row 0.) A rowid is bound as an integer: FTS5 ignores a
 * `rowid =` constraint given a JS number (a REAL). `docs` maps FTS rowids to paper ids and days.
 */
export function openFtsTable(cacheMB = 16) {
  const db = new Database('');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = -${cacheMB * 1024}`);
  db.exec(`
    CREATE TABLE docs (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, day TEXT NOT NULL);
    CREATE VIRTUAL TABLE fts USING fts5(${COLUMNS.join(', ')}, content='', contentless_delete=1,
      tokenize='unicode61 remove_diacritics 0');
    INSERT INTO fts (fts, rank) VALUES ('rank', 'bm25(${WEIGHTS})');`);
  const find = db.prepare<[string], { n: number }>('SELECT n FROM docs WHERE id = ?');
  const addDoc = db.prepare<[string, string]>('INSERT INTO docs (id, day) VALUES (?, ?)');
  const setDay = db.prepare<[string, number]>('UPDATE docs SET day = ? WHERE n = ?');
  const dropDoc = db.prepare<[number]>('DELETE FROM docs WHERE n = ?');
  const addText = db.prepare<[number, ...string[]]>(`INSERT INTO fts (rowid, ${COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?)`);
  const dropText = db.prepare<[number]>('DELETE FROM fts WHERE rowid = ?');
  const holds = db.prepare<[string, number], { n: number }>('SELECT rowid AS n FROM fts WHERE fts MATCH ? AND rowid = CAST(? AS INTEGER)');
  const best = db.prepare<[string, string, number], FtsRow>(`SELECT d.n, d.id, d.day, -f.rank AS score FROM fts f JOIN docs d ON d.n = f.rowid
    WHERE fts MATCH ? AND d.id != ? ORDER BY f.rank, d.day DESC, d.id LIMIT ?`);
  const weighted = new Map<number, Database.Statement<unknown[], FtsRow>>();

  let writes = 0;
  /** Opens the burst's transaction on its first write; the next turn (or the size cap) commits it. */
  function writing(): void {
    if (!db.inTransaction) {
      db.exec('BEGIN');
      writes = 0;
      setImmediate(commit).unref?.();
    }
    if (++writes >= WRITES_PER_COMMIT) commit();
  }
  function commit(): void {
    if (db.open && db.inTransaction) db.exec('COMMIT');
  }

  return {
    /** Adds or replaces the paper's row; true when it was not there before. */
    put(id: string, day: string, text: Record<Column, string>): boolean {
      writing();
      const row = find.get(id);
      if (row) {
        dropText.run(row.n);
        setDay.run(day, row.n);
      }
      const n = row ? row.n : Number(addDoc.run(id, day).lastInsertRowid);
      addText.run(n, ...COLUMNS.map((c) => text[c]));
      return !row;
    },
    delete(id: string): boolean {
      const row = find.get(id);
      if (!row) return false;
      writing();
      dropText.run(row.n);
      dropDoc.run(row.n);
      return true;
    },
    has: (id: string): boolean => find.get(id) !== undefined,
    /** The best `limit` rows for an FTS5 query, by BM25 with {@link FIELD_BOOST}, newest first among equal scores. */
    search: (match: string, limit: number, exclude = ''): FtsRow[] => best.all(match, exclude, limit),
    /** Whether row `n` (of a hit) matches the FTS5 query: which of the searched words it holds. */
    matches: (n: number, match: string): boolean => holds.get(match, n) !== undefined,
    /**
     * Rows holding any of the terms, scored by the summed weights of the terms each holds, best first; `terms` lists the
     * ones it holds, space-separated. (Weight × each term's BM25 ranked no better on the corpus and cost a document-size
     * read per term and row: `similar` p99 38–46 ms against 16.5 at 200,000 papers; docs/decisions/108.)
     */
    weightedSearch(terms: { term: string; weight: number }[], limit: number, exclude: string): FtsRow[] {
      let stmt = weighted.get(terms.length);
      if (!stmt) {
        const one = `SELECT rowid AS n, ? AS s, ? AS t FROM fts WHERE fts MATCH ?`;
        const sql = `SELECT d.n, d.id, d.day, h.score, h.terms FROM
          (SELECT n, sum(s) AS score, group_concat(t, ' ') AS terms FROM (${Array(terms.length).fill(one).join(' UNION ALL ')}) GROUP BY n) h
          JOIN docs d ON d.n = h.n WHERE d.id != ? ORDER BY h.score DESC, d.day DESC, d.id LIMIT ?`;
        weighted.set(terms.length, (stmt = db.prepare<unknown[], FtsRow>(sql)));
      }
      return stmt.all(...terms.flatMap((t) => [t.weight, t.term, ftsString(t.term)]), exclude, limit);
    },
    /** The database's size (its temporary file, of which only the page cache is in memory). */
    get bytes(): number {
      return Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }));
    },
    close(): void {
      commit();
      db.close();
    },
  };
}

export type FtsTable = ReturnType<typeof openFtsTable>;
