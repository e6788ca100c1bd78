import type { Destination } from '../model.ts';
import { OwnerTable } from './owner-table.ts';

/**
 * What the alert engine keeps of each subscription it tracks: its owner (one shared object per owner, not the stored
 * record) and the generation it was tracked at. By id, a slot in two arrays: no object per subscription.
 */
export class TrackedSubscriptions {
  private readonly slots = new Map<string, number>();
  private readonly ownerAt: Array<Destination | undefined> = [];
  private readonly genAt: number[] = [];
  private readonly free: number[] = [];
  private readonly owners = new OwnerTable();

  get size(): number {
    return this.slots.size;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** Tracks `id` (not tracked yet) for `owner` at generation `gen`. */
  add(id: string, owner: Destination, gen: number): void {
    const slot = this.free.pop() ?? this.ownerAt.length;
    this.ownerAt[slot] = this.owners.acquire(owner);
    this.genAt[slot] = gen;
    this.slots.set(id, slot);
  }

  delete(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const owner = this.ownerAt[slot];
    if (owner) this.owners.release(owner);
    this.ownerAt[slot] = undefined;
    this.free.push(slot);
    this.slots.delete(id);
  }

  /** The slot of `id`, or -1. */
  slotOf(id: string): number {
    return this.slots.get(id) ?? -1;
  }

  /** This table without its id index (what a snapshot writes); {@link reindex} gives the ids back their slots. */
  withoutIds(): TrackedSubscriptions {
    return Object.assign(Object.create(TrackedSubscriptions.prototype) as TrackedSubscriptions, this, { slots: new Map() });
  }

  /** Gives `id` back its slot `slot` (reading a snapshot written by {@link withoutIds}). */
  reindex(id: string, slot: number): void {
    this.slots.set(id, slot);
  }

  /** After a snapshot is read: see {@link OwnerTable.shareStrings}. */
  shareStrings(): void {
    this.owners.shareStrings();
  }

  ownerOf(id: string): Destination | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.ownerAt[slot];
  }

  /** Each tracked id with the generation it was tracked at (deleting the current one while iterating is allowed). */
  *generations(): IterableIterator<[string, number]> {
    for (const [id, slot] of this.slots) yield [id, this.genAt[slot] ?? 0];
  }
}
