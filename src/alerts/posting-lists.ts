/**
 * Sets of small non-negative integers (the terms under a key, the queries a term anchors),
 * each held as one integer that fits a typed array: 0 is empty, `item + 1` a single item
 * (the common case, read without touching another object), `-(k + 1)` list number `k` of
 * two or more items kept here. Order within a set is not kept.
 */
export type Posting = number;

export class PostingLists {
  private readonly lists: number[][] = [];
  private readonly free: number[] = [];

  /** The items of a posting below 0 (a list). */
  list(posting: Posting): readonly number[] {
    return this.lists[-posting - 1] ?? [];
  }

  /** `posting` with `item` added (it must not be there yet). */
  with(posting: Posting, item: number): Posting {
    if (posting === 0) return item + 1;
    if (posting < 0) {
      this.lists[-posting - 1]?.push(item);
      return posting;
    }
    const k = this.free.pop() ?? this.lists.length;
    this.lists[k] = [posting - 1, item];
    return -(k + 1);
  }

  /** `posting` without `item` (unchanged if it was not there). */
  without(posting: Posting, item: number): Posting {
    if (posting > 0) return posting === item + 1 ? 0 : posting;
    if (posting === 0) return 0;
    const list = this.lists[-posting - 1] ?? [];
    if (!drop(list, item) || list.length > 1) return posting;
    this.lists[-posting - 1] = [];
    this.free.push(-posting - 1);
    return (list[0] ?? 0) + 1;
  }
}

/** Removes one `item` from `list` (order is not kept); whether it was there. */
export function drop<T>(list: T[], item: T): boolean {
  const i = list.indexOf(item);
  if (i === -1) return false;
  list[i] = list[list.length - 1] as T;
  list.pop();
  return true;
}
