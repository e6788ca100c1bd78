/**
 * A second process for the cross-process vote tests: `tsx test/fakes/vote-writer.ts <storeUrl> <prefix> <from> <to>` casts
 * 👍 on message single-P (community g1, channel c1) for users from..to-1, all at once, then prints the net it reads. It
 * prints "ready" once connected and waits for a line on stdin before voting, so the test can start both sides together.
 */
import { once } from 'node:events';
import { silentLogger } from '../../src/log.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import { openStore } from '../../src/store/open-store.ts';
import { createVotes } from '../../src/votes/votes.ts';

const [url, prefix, from, to] = process.argv.slice(2) as [string, string, string, string];
const store = await openStore(url, silentLogger(), prefix);
const votes = createVotes({ store, posts: createPostsRegistry(store), log: silentLogger() });
const where = { platform: 'discord' as const, community: 'g1', channel: 'c1' };
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const users = Array.from({ length: Number(to) - Number(from) }, (_, i) => `user-${Number(from) + i}`);
const outcomes = await Promise.all(
  users.map((u) => votes.handle({ where, messageId: 'single-P', userId: u, emoji: 'up', added: true, at: new Date() })),
);
const applied = outcomes.filter((o) => o.status === 'applied').length;
process.stdout.write(`${JSON.stringify({ applied, net: (await votes.netVotes('g1', ['P'])).get('P') })}\n`);
await store.close();
process.exit(0);
