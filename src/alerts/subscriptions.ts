/**
 * Stored alert subscriptions. Every fact has its own key and every claim is an atomic `add`:
 *
 * - `subs:<ownerKey>`: the owner's subscriptions, keyed by slot `00`…`24` (a person) or `00`…`49` (a channel). Taking a
 *   slot *is* writing the record, so the limit holds exactly under concurrent subscribes, and listing an owner reads
 *   one small namespace. This is the source of truth.
 * - `subs`: every subscription by id (the matcher's list, and id uniqueness through `add`).
 * - `subs-queries:<ownerKey>`: one key per canonical query, so the same query twice for one owner is refused exactly.
 *
 * Create writes query claim (provisional) → slot record → `subs` → query claim (permanent); remove deletes `subs` first
 * (alerts stop), then the slot, then the query claim, then `subs` once more (a duplicate subscribe may have restored it
 * meanwhile, see `reindex`). See docs/decisions/051.
 */
import { z } from 'zod';
import { destinationSchema } from '../delivery/reply-schema.ts';
import { sha256 } from '../delivery/records.ts';
import { destinationKey, type Destination } from '../model.ts';
import type { Collection, Store } from '../store/store.ts';
import { likeProfileSchema, type LikeProfile } from './like-profile.ts';
import { limitOf, newSubscriptionId } from './owners.ts';

export const storedSubscriptionSchema = z.object({
  id: z.string(),
  owner: destinationSchema,
  /** The query as typed. */
  query: z.string(),
  /** `formatQuery(parseQuery(query))`: what duplicate detection compares. */
  canonical: z.string(),
  createdAt: z.number(),
  createdBy: z.string(),
  createdByName: z.string().optional(),
  slot: z.number().int().min(0),
  /** A `like:` subscription's followed paper (docs/decisions/104). */
  like: likeProfileSchema.optional(),
});
/** One alert subscription as stored. */
export type StoredSubscription = z.infer<typeof storedSubscriptionSchema>;

const queryClaimSchema = z.object({ id: z.string(), at: z.number() });

/** What `create` did. `full` and `duplicate` store nothing. */
export type CreateOutcome =
  | { status: 'created'; sub: StoredSubscription }
  | { status: 'duplicate'; id: string }
  | { status: 'full'; limit: number };

export interface NewSubscription {
  owner: Destination;
  query: string;
  canonical: string;
  createdBy: string;
  createdByName?: string;
  like?: LikeProfile;
  now: Date;
}

/** The subscription records; no parsing, no matching. */
export interface SubscriptionStore {
  create(req: NewSubscription): Promise<CreateOutcome>;
  /** An owner's subscriptions, oldest first. */
  list(owner: Destination): Promise<StoredSubscription[]>;
  /** By id, among every subscription; then among `owners`' own lists (a record whose `subs` entry was lost is found). */
  find(id: string, owners?: readonly Destination[]): Promise<StoredSubscription | undefined>;
  /** Deletes it; true when this call removed it. */
  remove(sub: StoredSubscription): Promise<boolean>;
  /** Every subscription, for the matcher. */
  all(): AsyncIterable<StoredSubscription>;
  /** Every subscription's id, without reading the records: a subscription never changes under its id. */
  ids(): AsyncIterable<string>;
}

/** A query claim this old whose subscription does not exist was left by a crash and may be replaced. */
const PROVISIONAL_MS = 2 * 60_000;
const slotKey = (n: number) => String(n).padStart(2, '0');
const queryKey = (canonical: string) => sha256(canonical).slice(0, 32);

export function createSubscriptionStore(store: Store, opts: { limitOf?: (owner: Destination) => number } = {}): SubscriptionStore {
  const byId = store.collection('subs', storedSubscriptionSchema);
  const ownerSubs = (owner: Destination) => store.collection(`subs:${destinationKey(owner)}`, storedSubscriptionSchema);
  const ownerQueries = (owner: Destination) => store.collection(`subs-queries:${destinationKey(owner)}`, queryClaimSchema);
  const limit = opts.limitOf ?? limitOf;

  async function list(owner: Destination): Promise<StoredSubscription[]> {
    const subs: StoredSubscription[] = [];
    for await (const [, sub] of ownerSubs(owner).entries()) subs.push(sub);
    return subs.sort((a, b) => a.createdAt - b.createdAt || a.slot - b.slot);
  }

  /** Claims the query for this owner, or says which subscription already has it (re-indexing it if a crash lost that). */
  async function claimQuery(req: NewSubscription, id: string): Promise<string | undefined> {
    const queries = ownerQueries(req.owner);
    const key = queryKey(req.canonical);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await queries.add(key, { id, at: req.now.getTime() }, PROVISIONAL_MS)) return undefined;
      const holder = await queries.get(key);
      if (!holder) continue;
      const existing = (await list(req.owner)).find((s) => s.id === holder.id);
      if (existing) {
        if (!(await byId.get(existing.id))) await reindex(existing);
        return existing.id;
      }
      if (req.now.getTime() - holder.at < PROVISIONAL_MS) return holder.id;
      await queries.delete(key);
    }
    return (await queries.get(key))?.id;
  }

  /**
   * Restores the id-index entry of a subscription whose slot record holds it (a crash between the two writes lost it),
   * and undoes that if the slot went meanwhile: a `remove` racing this deletes the index entry again after the slot.
   */
  async function reindex(sub: StoredSubscription): Promise<void> {
    await byId.set(sub.id, sub);
    if ((await ownerSubs(sub.owner).get(slotKey(sub.slot)))?.id !== sub.id) await byId.delete(sub.id);
  }

  async function takeSlot(owner: Destination, make: (slot: number) => StoredSubscription, slots: Collection<StoredSubscription>) {
    const taken = new Set((await list(owner)).map((s) => s.slot));
    const n = limit(owner);
    const order = [...Array(n).keys()].sort((a, b) => Number(taken.has(a)) - Number(taken.has(b)) || a - b);
    for (const slot of order) {
      const sub = make(slot);
      if (await slots.add(slotKey(slot), sub)) return sub;
    }
    return undefined;
  }

  /**
   * Whether `sub` is in the id index as this very record: a concurrent duplicate subscribe that found our slot before our
   * own index write repairs the index with it (see `claimQuery`), and has told its caller this id.
   */
  async function indexedAlready(sub: StoredSubscription): Promise<boolean> {
    const there = await byId.get(sub.id);
    if (!there) return false;
    return destinationKey(there.owner) === destinationKey(sub.owner) && there.slot === sub.slot && there.canonical === sub.canonical && there.createdAt === sub.createdAt;
  }

  return {
    list,
    async create(req) {
      let id = newSubscriptionId();
      const holder = await claimQuery(req, id);
      if (holder !== undefined) return { status: 'duplicate', id: holder };
      const queries = ownerQueries(req.owner);
      const slots = ownerSubs(req.owner);
      try {
        for (let attempt = 0; ; attempt++) {
          const make = (slot: number): StoredSubscription => ({
            id, owner: req.owner, query: req.query, canonical: req.canonical, createdAt: req.now.getTime(),
            createdBy: req.createdBy, createdByName: req.createdByName, slot, ...(req.like ? { like: req.like } : {}),
          });
          const sub = await takeSlot(req.owner, make, slots);
          if (!sub) {
            await queries.delete(queryKey(req.canonical));
            return { status: 'full', limit: limit(req.owner) };
          }
          if ((await byId.add(id, sub)) || (await indexedAlready(sub))) {
            await queries.set(queryKey(req.canonical), { id, at: sub.createdAt });
            return { status: 'created', sub };
          }
          await slots.delete(slotKey(sub.slot));
          if (attempt >= 4) throw new Error('could not find a free subscription id');
          id = newSubscriptionId();
        }
      } catch (err) {
        await queries.delete(queryKey(req.canonical)).catch(() => false);
        throw err;
      }
    },
    async find(id, owners = []) {
      const sub = await byId.get(id);
      if (sub) return sub;
      for (const owner of owners) {
        const mine = (await list(owner)).find((s) => s.id === id);
        if (mine) return mine;
      }
      return undefined;
    },
    async remove(sub) {
      const wasIndexed = await byId.delete(sub.id);
      const slots = ownerSubs(sub.owner);
      const inSlot = await slots.get(slotKey(sub.slot));
      const hadSlot = inSlot?.id === sub.id && (await slots.delete(slotKey(sub.slot)));
      const queries = ownerQueries(sub.owner);
      const claim = await queries.get(queryKey(sub.canonical));
      if (claim?.id === sub.id) await queries.delete(queryKey(sub.canonical));
      // Again: a duplicate subscribe that read the slot before it went may have restored the entry (see `reindex`).
      await byId.delete(sub.id);
      return wasIndexed || hadSlot;
    },
    async *all() {
      for await (const [, sub] of byId.entries()) yield sub;
    },
    ids: () => byId.keys(),
  };
}
