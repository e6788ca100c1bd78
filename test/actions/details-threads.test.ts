import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createDetailsThreads, type DetailsPoster } from '../../src/actions/details-threads.ts';
import { backendCases, openPeerStores } from '../helpers/backends.ts';

const target = { where: { platform: 'discord' as const, community: 'g1', channel: 'c1' }, messageId: 'm1', paperId: '2608.20335' };

/** A poster that counts its posts, each after `delayMs`, as a platform request would take. */
function countingPoster(delayMs = 0) {
  const posts: string[] = [];
  const post: DetailsPoster = async (mayPost) => {
    await sleep(delayMs);
    if (!(await mayPost())) return undefined;
    posts.push(`post-${posts.length + 1}`);
    return { threadId: 'm1', postId: posts.at(-1)! };
  };
  return { posts, post };
}

describe.each(backendCases())('details posted once per (message, paper) on $name', ({ url }) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });
  const peers = async (count: number) => {
    const opened = await openPeerStores(url!, count);
    close = opened.close;
    return opened.stores;
  };

  it.skipIf(!url)('posts on the first press and points to that post on the second, on another instance too', async () => {
    const [a, b] = await peers(2);
    const poster = countingPoster();
    const first = await createDetailsThreads(a!).open(target, poster.post);
    const second = await createDetailsThreads(b!).open(target, poster.post);
    expect(first).toMatchObject({ status: 'posted', record: { threadId: 'm1', postId: 'post-1' } });
    expect(second).toMatchObject({ status: 'already', record: { threadId: 'm1', postId: 'post-1' } });
    expect(poster.posts).toEqual(['post-1']);
  });

  it.skipIf(!url)('posts once when ten presses on two instances race', async () => {
    const [a, b] = await peers(2);
    const poster = countingPoster(30);
    const threads = [createDetailsThreads(a!), createDetailsThreads(b!)];
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => threads[i % 2]!.open(target, poster.post)));
    expect(poster.posts).toEqual(['post-1']);
    expect(outcomes.filter((o) => o.status === 'posted')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'posted').length + outcomes.filter((o) => o.status !== 'posted').length).toBe(10);
    expect(await threads[1]!.find(target)).toMatchObject({ postId: 'post-1' });
  });

  it.skipIf(!url)('keeps papers and messages apart', async () => {
    const [a] = await peers(1);
    const poster = countingPoster();
    const threads = createDetailsThreads(a!);
    await threads.open(target, poster.post);
    await threads.open({ ...target, paperId: '2608.11111' }, poster.post);
    await threads.open({ ...target, messageId: 'm2' }, poster.post);
    expect(poster.posts).toHaveLength(3);
  });

  it.skipIf(!url)('posts nothing when the claim lapsed before posting (a pause), and a later press posts once', async () => {
    const [a, b] = await peers(2);
    const paused = countingPoster(400);
    const lapsed = await createDetailsThreads(a!, { claimMs: 200 }).open(target, paused.post);
    expect(lapsed).toEqual({ status: 'in-progress' });
    expect(paused.posts).toEqual([]);
    const later = countingPoster();
    expect(await createDetailsThreads(b!).open(target, later.post)).toMatchObject({ status: 'posted' });
    expect(later.posts).toEqual(['post-1']);
  });

  it.skipIf(!url)('lets a press after a failed post try again (the claim is released)', async () => {
    const [a] = await peers(1);
    const threads = createDetailsThreads(a!);
    await expect(threads.open(target, async () => { throw new Error('Discord 500'); })).rejects.toThrow('Discord 500');
    const poster = countingPoster();
    expect(await threads.open(target, poster.post)).toMatchObject({ status: 'posted' });
  });

  it.skipIf(!url)('tells a press whether an earlier one got as far as posting without a record (to look before posting)', async () => {
    const [a, b] = await peers(2);
    const seen: boolean[] = [];
    await expect(createDetailsThreads(a!).open(target, async (_mayPost, attempt) => {
      seen.push(attempt.earlier);
      throw new Error('answer lost after the post landed');
    })).rejects.toThrow('answer lost');
    const found = await createDetailsThreads(b!).open(target, async (_mayPost, attempt) => {
      seen.push(attempt.earlier);
      return { threadId: 'm1', postId: 'found-in-thread' };
    });
    expect(seen).toEqual([false, true]);
    expect(found).toMatchObject({ status: 'posted', record: { postId: 'found-in-thread' } });
    const other = await createDetailsThreads(a!).open({ ...target, paperId: '2608.11111' }, async (_m, attempt) => {
      seen.push(attempt.earlier);
      return { threadId: 'm1', postId: 'p' };
    });
    expect(other.status).toBe('posted');
    expect(seen).toEqual([false, true, false]);
  });
});
