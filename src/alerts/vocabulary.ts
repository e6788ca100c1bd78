/**
 * Small integer ids for the folded words that subscriptions use, with reference counts so
 * that words no query needs any more are forgotten and their ids reused. The matcher works
 * on these ids instead of strings: a paper's words are looked up once, after which every
 * term and index check is an array access.
 */

/** The id of a word no subscription uses (and of segment gaps). Real ids start at 1. */
export const NO_WORD = 0;

/** How many of the latest new words {@link Vocabulary.unchangedSince} remembers. */
const RECENT = 64;

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  /** Word and reference count by id; index 0 is {@link NO_WORD}. */
  private readonly words: string[] = [''];
  private readonly refs: number[] = [0];
  private readonly free: number[] = [];
  private changes = 0;
  /** The version at which a word last got an id, and at which each id last lost its word. */
  private addedAt = 0;
  private readonly releasedAt: number[] = [0];
  /** The latest new words and the version each got its id at: every one since `recentSince`. */
  private readonly recent = new Map<string, number>();
  private recentSince = 0;

  /** The id of `word`, or {@link NO_WORD} when no subscription uses it. */
  id(word: string): number {
    return this.ids.get(word) ?? NO_WORD;
  }

  /** The id of `word`, counting one more user of it. */
  acquire(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.free.pop() ?? this.words.length;
      this.words[id] = word;
      this.refs[id] = 0;
      this.ids.set(word, id);
      this.addedAt = ++this.changes;
      if (this.recent.size === RECENT) {
        this.recent.clear();
        this.recentSince = this.changes;
      }
      this.recent.set(word, this.changes);
    }
    this.refs[id] = (this.refs[id] ?? 0) + 1;
    return id;
  }

  /** The word of `id` (the one string every user of it shares); '' when it has none. */
  word(id: number): string {
    return this.words[id] ?? '';
  }

  /** Drops one user of `id`; the word is forgotten when it has none left. */
  release(id: number): void {
    const left = (this.refs[id] ?? 0) - 1;
    this.refs[id] = left;
    if (left > 0) return;
    this.ids.delete(this.words[id] ?? '');
    this.words[id] = '';
    this.free.push(id);
    this.releasedAt[id] = ++this.changes;
  }

  /** Changes whenever a word gets or loses its id, so ids cached elsewhere can be checked. */
  get version(): number {
    return this.changes;
  }

  /**
   * Whether `word`, whose id was `id` ({@link NO_WORD} included) at `version`, still has it:
   * a word only loses its id when that id is released, and only gets one as a new word. Much
   * cheaper than {@link id} (no lookup in the large map) when it answers `true`; `false`
   * means "look it up again".
   */
  unchangedSince(id: number, version: number, word: string): boolean {
    if (id !== NO_WORD) return (this.releasedAt[id] ?? 0) <= version;
    if (this.addedAt <= version) return true;
    return this.recentSince <= version + 1 && !((this.recent.get(word) ?? 0) > version);
  }

  /**
   * After a snapshot is read (`engine-snapshot.ts`; V8 reads each occurrence of a string back as its own copy): the
   * map by word holds the words' own strings again.
   */
  shareStrings(): void {
    this.ids.clear();
    this.words.forEach((word, id) => {
      if (id !== NO_WORD && word !== '') this.ids.set(word, id);
    });
  }

  /** One more than the largest id in use: the length per-word arrays need. */
  get capacity(): number {
    return this.words.length;
  }

  /** Words in use. */
  get size(): number {
    return this.ids.size;
  }
}

/** `array` copied into a zeroed one of at least `capacity` entries (doubling, so growth is amortised); itself when long enough. */
export function grown<A extends Int32Array | Uint8Array>(array: A, capacity: number): A {
  if (array.length >= capacity) return array;
  const bigger = new (array.constructor as new (n: number) => A)(Math.max(capacity, array.length * 2, 1024));
  bigger.set(array);
  return bigger;
}
