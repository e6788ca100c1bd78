import type { CommandDeps } from '../../commands/deps.ts';
import { runCommand } from '../../commands/dispatch.ts';
import { parseCommandText } from '../../commands/parse-text.ts';
import { silentLogger } from '../../src/log.ts';
import type { Reply } from '../../src/model.ts';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { createPapersService } from '../../src/papers/papers-service.ts';
import { createPostsRegistry, type PostsRegistry } from '../../src/posts/posts.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createVotes, type Votes } from '../../src/votes/votes.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

/** Commands over the fake HF API and real stores, with votes wired in as `bin/start.ts` does. */
export interface CommandWorld {
  hf: FakeHf;
  store: Store;
  posts: PostsRegistry;
  votes: Votes;
  deps: CommandDeps;
  /** Runs a typed command line as user u1 in community `community` (default g1). */
  run(text: string, now?: string, community?: string): Promise<Reply>;
  /** User `userId` reacts 👍 (+1) or 👎 (−1) to a single-paper message showing `paperId`, at `at`. */
  vote(paperId: string, userId: string, value: 1 | -1, at: string, community?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startCommandWorld(opts: { voteWeight?: number; votesStore?: Store } = {}): Promise<CommandWorld> {
  const hf = await startFakeHf();
  const store = await openStore('memory://', silentLogger());
  const votesStore = opts.votesStore ?? store;
  const source = createHfClient({ endpoint: hf.url, log: silentLogger(), retryBaseMs: 1, retries: 0 });
  const papers = createPapersService({ source, store, log: silentLogger(), refreshMs: 600_000, pastDayMs: 1e9, lookbackDays: 7 });
  const posts = createPostsRegistry(votesStore);
  const votes = createVotes({ store: votesStore, posts, log: silentLogger() });
  const deps: CommandDeps = { papers, config: { TZ_DEFAULT: 'UTC', VOTE_WEIGHT: opts.voteWeight }, log: silentLogger(), votes };
  const where = (community: string) => ({ platform: 'discord' as const, community, channel: 'c1' });
  return {
    hf,
    store,
    posts,
    votes,
    deps,
    async run(text, now = '2026-08-20T12:00:00Z', community = 'g1') {
      const parsed = parseCommandText(text);
      if (!parsed.ok) return { kind: 'error', message: parsed.message };
      return runCommand(
        {
          command: parsed.command,
          options: parsed.options,
          user: { id: 'u1', name: 'ada', canManageChannel: false },
          where: where(community),
          now: new Date(now),
        },
        deps,
      );
    },
    async vote(paperId, userId, value, at, community = 'g1') {
      await posts.record(where(community), `single-${paperId}`, [paperId], 'single');
      const outcome = await votes.handle({
        where: where(community),
        messageId: `single-${paperId}`,
        userId,
        emoji: value > 0 ? 'up' : 'down',
        added: true,
        at: new Date(at),
      });
      if (outcome.status !== 'applied') throw new Error(`vote not applied: ${outcome.reason}`);
    },
    async close() {
      await hf.close();
      await store.close();
    },
  };
}

/** The fixture papers of a day, most HF upvotes first (ties as the ranking breaks them). */
export function fixturePapers(hf: FakeHf, day: string): Array<{ id: string; title: string; upvotes: number }> {
  return (hf.days.get(day) as Array<{ numComments: number; paper: { id: string; title: string; upvotes: number } }>)
    .slice()
    .sort((a, b) => b.paper.upvotes - a.paper.upvotes || b.numComments - a.numComments || (a.paper.id < b.paper.id ? -1 : 1))
    .map((i) => ({ id: i.paper.id, title: i.paper.title.replace(/\s+/g, ' ').trim(), upvotes: i.paper.upvotes }));
}
