import type { Destination } from '../model.ts';

/** Every field: a person's owner also records where they subscribed, which `destinationKey` leaves out. */
const ownerKey = (d: Destination): string => `${d.platform}\n${d.community}\n${d.channel}\n${d.user ?? ''}\n${d.user === undefined ? 0 : 1}`;

const copyOf = (d: Destination): Destination =>
  d.user === undefined
    ? { platform: d.platform, community: d.community, channel: d.channel }
    : { platform: d.platform, community: d.community, channel: d.channel, user: d.user };

/**
 * One shared object per subscription owner. Each stored record read from the store brings its own copy of the owner
 * (an object and four strings); at 100,000 subscriptions of 20,000 owners the engine kept 100,000 copies. Counted, so an
 * owner whose last subscription goes is dropped.
 */
export class OwnerTable {
  private readonly byKey = new Map<string, { owner: Destination; refs: number }>();

  get size(): number {
    return this.byKey.size;
  }

  /**
   * After a snapshot is read (`engine-snapshot.ts`; V8 reads each occurrence of a string back as its own copy): the
   * owners' equal field values are one string again (as when they came from JSON, which shares short strings).
   */
  shareStrings(): void {
    const kept = new Map<string, string>();
    const one = (s: string): string => {
      const k = kept.get(s);
      if (k !== undefined) return k;
      kept.set(s, s);
      return s;
    };
    for (const { owner } of this.byKey.values()) {
      owner.community = one(owner.community);
      owner.channel = one(owner.channel);
      owner.platform = one(owner.platform) as Destination['platform'];
      if (owner.user !== undefined) owner.user = one(owner.user);
    }
  }

  /** The shared owner equal to `owner`, counted as one more user. */
  acquire(owner: Destination): Destination {
    const key = ownerKey(owner);
    let entry = this.byKey.get(key);
    if (!entry) this.byKey.set(key, (entry = { owner: copyOf(owner), refs: 0 }));
    entry.refs++;
    return entry.owner;
  }

  release(owner: Destination): void {
    const key = ownerKey(owner);
    const entry = this.byKey.get(key);
    if (entry && --entry.refs <= 0) this.byKey.delete(key);
  }
}
