/**
 * Document frequencies of the archive's terms: how many papers added to the index held each term. Counted once per
 * paper id when it is first added and never decremented, so no per-paper term list has to be kept for removals (that
 * list cost more memory than the index itself): the share `docFreq / added` is the term's frequency in the stream of
 * papers this instance has indexed since it started (docs/decisions/105). A restart recounts from the store.
 */
export function createTermStats() {
  const docFreq = new Map<string, number>();
  const counted = new Set<string>();
  return {
    /** Counts the paper's distinct terms, once per paper id (an update of a paper already counted changes nothing). */
    count(id: string, terms: Iterable<string>): void {
      if (counted.has(id)) return;
      counted.add(id);
      for (const t of new Set(terms)) docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
    },
    /** How many papers were counted. */
    get added(): number {
      return counted.size;
    },
    docFreq: (term: string): number => docFreq.get(term) ?? 0,
    /** The share of counted papers holding the term (0 before any paper). */
    share(term: string): number {
      return counted.size === 0 ? 0 : (docFreq.get(term) ?? 0) / counted.size;
    },
    /** Inverse document frequency, smoothed: log(1 + N / df). */
    idf(term: string): number {
      return Math.log(1 + Math.max(1, counted.size) / Math.max(1, docFreq.get(term) ?? 0));
    },
  };
}

export type TermStats = ReturnType<typeof createTermStats>;
