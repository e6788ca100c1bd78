/**
 * A hash table from pairs of non-negative integers to non-zero integers, kept in one typed
 * array (open addressing, linear probing): a lookup reads one or two neighbouring cache
 * lines instead of chasing the objects of a `Map` of `Map`s.
 */
const EMPTY = -1;
const DELETED = -2;
/** Entries are `[a, b, value]`. */
const STRIDE = 3;

const hashOf = (a: number, b: number): number => Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);

export class PairTable {
  private slots: Int32Array;
  private mask: number;
  /** Live entries, and live plus deleted ones (which still lengthen probes). */
  private live = 0;
  private used = 0;

  constructor(capacity = 1024) {
    this.slots = new Int32Array(capacity * STRIDE).fill(EMPTY);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.live;
  }

  /** The value of `(a, b)`, or 0 when absent. */
  get(a: number, b: number): number {
    const { slots, mask } = this;
    for (let i = hashOf(a, b) & mask; ; i = (i + 1) & mask) {
      const at = i * STRIDE;
      const first = slots[at] ?? EMPTY;
      if (first === EMPTY) return 0;
      if (first === a && slots[at + 1] === b) return slots[at + 2] ?? 0;
    }
  }

  /** Sets the value of `(a, b)`; 0 deletes it. */
  set(a: number, b: number, value: number): void {
    const { slots, mask } = this;
    let free = -1;
    let i = hashOf(a, b) & mask;
    for (; ; i = (i + 1) & mask) {
      const at = i * STRIDE;
      const first = slots[at] ?? EMPTY;
      if (first === EMPTY) break;
      if (first === DELETED) {
        if (free === -1) free = at;
      } else if (first === a && slots[at + 1] === b) {
        if (value !== 0) slots[at + 2] = value;
        else {
          slots[at] = DELETED;
          this.live--;
        }
        return;
      }
    }
    if (value === 0) return;
    const at = free === -1 ? i * STRIDE : free;
    if (free === -1) this.used++;
    slots[at] = a;
    slots[at + 1] = b;
    slots[at + 2] = value;
    this.live++;
    if (this.used * 4 > (this.mask + 1) * 3) this.rehash();
  }

  /** Copies the live entries into a table sized for them (twice as many slots, at least). */
  private rehash(): void {
    const old = this.slots;
    let capacity = 1024;
    while (capacity < this.live * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * STRIDE).fill(EMPTY);
    this.mask = capacity - 1;
    this.live = 0;
    this.used = 0;
    for (let at = 0; at < old.length; at += STRIDE) {
      const a = old[at] ?? EMPTY;
      if (a >= 0) this.set(a, old[at + 1] ?? 0, old[at + 2] ?? 0);
    }
  }
}
