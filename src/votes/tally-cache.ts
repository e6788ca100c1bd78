import { randomInt, randomUUID } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { VERSION_SHARDS, versionNamespace, versionSchema, voteValueSchema, votesNamespace, type VoteValue } from './keys.ts';
import { createTally, type Tally } from './tally.ts';

/**
 * Tallies kept in memory per community, exact across processes sharing the store:
 * - every vote writer also writes a fresh token to one of its own version shards (`<instance>.<n>`);
 * - a read lists the shards; when any other instance's token differs from the one the tally was built under, the tally
 *   is rebuilt from the vote keys; this instance's own votes are applied to it directly, so they never force a rebuild.
 */
export interface TallyCache {
  /** The community's tally, including every vote whose `handle` finished before this call began. */
  get(community: string): Promise<Tally>;
  /** Called once a vote key is stored: updates the tally here, then tells other instances. */
  wrote(community: string, key: string, value: VoteValue): Promise<void>;
  /** Rebuilds from the vote keys alone, replaces the cached copy, and drops keys later removals made irrelevant. */
  rebuild(community: string): Promise<Tally>;
}

export interface TallyCacheOptions {
  store: Store;
  log: Logger;
  /** False rebuilds on every read (the naive baseline). */
  enabled: boolean;
  /** A cached tally older than this is rebuilt even when no other instance wrote. */
  maxAgeMs: number;
}

/** Version shards of instances that stopped writing expire, which changes the version once and costs one rebuild. */
const SHARD_TTL_MS = 7 * 86_400_000;

interface Build {
  promise: Promise<Tally>;
  /** This instance's votes stored while the scan ran: the scan may have missed them. */
  ownWrites: Array<[string, VoteValue]>;
}

export function createTallyCache(opts: TallyCacheOptions): TallyCache {
  const { store, log } = opts;
  const instance = randomUUID().slice(0, 8);
  const cache = new Map<string, { othersVersion: string; builtAt: number; tally: Tally }>();
  const builds = new Map<string, Map<string, Build>>();
  const votesOf = (community: string) => store.collection(votesNamespace(community), voteValueSchema);
  const versionsOf = (community: string) => store.collection(versionNamespace(community), versionSchema);

  async function othersVersion(community: string): Promise<string> {
    const shards: string[] = [];
    for await (const [shard, v] of versionsOf(community).entries())
      if (!shard.startsWith(`${instance}.`)) shards.push(`${shard}=${v.token}`);
    return shards.sort().join(',');
  }

  async function scan(community: string): Promise<Tally> {
    const entries: Array<[string, VoteValue]> = [];
    for await (const entry of votesOf(community).entries()) entries.push(entry);
    const tally = createTally(entries);
    const superseded = tally.superseded();
    if (superseded.length) await compact(community, superseded);
    return tally;
  }

  async function compact(community: string, keys: readonly string[]) {
    const votes = votesOf(community);
    try {
      for (let i = 0; i < keys.length; i += 100) await Promise.all(keys.slice(i, i + 100).map((k) => votes.delete(k)));
    } catch (err) {
      log.warn({ community, err: (err as Error).message }, 'could not drop superseded vote keys; will retry on next rebuild');
    }
  }

  function build(community: string, version: string): Promise<Tally> {
    let inFlight = builds.get(community);
    if (!inFlight) builds.set(community, (inFlight = new Map()));
    const existing = inFlight.get(version);
    if (existing) return existing.promise;
    const b: Build = { promise: Promise.resolve(undefined as never), ownWrites: [] };
    b.promise = scan(community)
      .then((tally) => {
        tally.add(b.ownWrites);
        cache.set(community, { othersVersion: version, builtAt: Date.now(), tally });
        return tally;
      })
      .finally(() => {
        inFlight.delete(version);
        if (inFlight.size === 0) builds.delete(community);
      });
    inFlight.set(version, b);
    return b.promise;
  }

  return {
    async get(community) {
      if (!opts.enabled) return scan(community);
      const version = await othersVersion(community);
      const hit = cache.get(community);
      if (hit && hit.othersVersion === version && Date.now() - hit.builtAt < opts.maxAgeMs) return hit.tally;
      return build(community, version);
    },

    async wrote(community, key, value) {
      cache.get(community)?.tally.add([[key, value]]);
      for (const b of builds.get(community)?.values() ?? []) b.ownWrites.push([key, value]);
      const shard = `${instance}.${randomInt(VERSION_SHARDS)}`;
      await versionsOf(community).set(shard, { token: randomUUID(), at: Date.now() }, SHARD_TTL_MS);
    },

    async rebuild(community) {
      cache.delete(community);
      const version = await othersVersion(community);
      return opts.enabled ? build(community, version) : scan(community);
    },
  };
}
