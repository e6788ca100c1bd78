import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSubscriptionStore } from '../../src/alerts/subscriptions.ts';
import { silentLogger } from '../../src/log.ts';
import { destinationKey, type Destination } from '../../src/model.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import { openStore } from '../../src/store/open-store.ts';
import { slackKeycapName } from '../../src/votes/emoji.ts';
import { createVotes } from '../../src/votes/votes.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { eventCallback, reactionAddedEvent, slashCommandPayload } from '../fakes/slack-payloads.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackCall } from '../fakes/slack-server.ts';
import { backendCases } from '../helpers/backends.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { readQueue, seedDailyPosts, seedSubscriptions } from '../helpers/bot-store.ts';
import { settle, waitFor } from '../helpers/wait.ts';

const redis = backendCases().find((c) => c.name === 'redis')!.url;
const CHANNELS = 30;

let slack: FakeSlack | undefined;
const hfs: FakeHf[] = [];
const bots: BotProcess[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop();
  await slack?.close();
  for (const hf of hfs.splice(0)) await hf.close();
  slack = undefined;
});

const acceptedPostsIn = (calls: FakeSlackCall[], channel: string) =>
  calls.filter((c) => c.method === 'chat.postMessage' && c.parsed.channel === channel && (c.response as { ok?: boolean } | undefined)?.ok === true);
const contentOf = (c: FakeSlackCall) => JSON.stringify([c.parsed.text, c.parsed.blocks]);
const handled = (bot: BotProcess) => bot.logs().filter((l) => l.msg === 'reaction handled');
/** The process asked for the day's list (it claimed slots), or met the other's claims, or lost every claim to it. */
const inCatchUp = (bot: BotProcess, hf: FakeHf) =>
  hf.requests.some((r) => r.path === '/api/daily_papers') ||
  bot.logs().some((l) => /^daily catch-up|checking again when their claim lapses/.test(String(l.msg)));
const queuedByCatchUps = (bot: BotProcess) =>
  bot.logs().filter((l) => String(l.msg).startsWith('daily catch-up')).reduce((n, l) => n + Number(l.queued), 0);

/**
 * Slack semantics differ from Discord's: in Socket Mode an app may hold several connections, and Slack hands each
 * envelope to ONE of them (the fake's `connection` option picks which), so the two processes each see only some events.
 * An event that was not acknowledged in time is redelivered, with the same event_id, possibly to the other process.
 * The day's list is held back until both processes are inside their start-up catch-up (each has its own fake HF, so
 * the test can tell), so their slot claims really race. This proves: those daily posts, and the alerts of the polls
 * both processes start, go out once (one active sender per token, slot claims, the ledger); reactions split across the processes add up, and a
 * redelivery handled by the other process counts once; a command is answered once, by the process that got it.
 */
describe('two bot processes sharing Redis and one Slack app, both in Socket Mode', () => {
  it.skipIf(!redis)(`post each of ${CHANNELS} daily digests once, alert each subscriber once, count votes spread over both processes once each, answer a command once`, async () => {
    const startedAt = Date.now();
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const day = new Map([[new Date().toISOString().slice(0, 10), loadFixtureDays().get('2026-08-20')!]]);
    hfs.push(await startFakeHf(day), await startFakeHf(day));
    let releaseTheList = () => {};
    const listReleased = new Promise<void>((resolve) => (releaseTheList = resolve));
    for (const hf of hfs) hf.failNext({ kind: 'gate', open: listReleased }, 1, '/api/daily_papers');
    slack = await startFakeSlack({ latencyMs: 10 });
    const team = slack.teamId;
    const at = (channel: string): Destination => ({ platform: 'slack', community: team, channel });
    const [alertChannel, ...daily] = Array.from({ length: CHANNELS + 1 }, (_, i) => at(`C0DAILY${String(i).padStart(4, '0')}`));
    const dm = (user: string): Destination => ({ ...alertChannel!, user });
    const subscribers = [dm('U0ALERT001'), dm('U0ALERT002'), alertChannel!];
    await seedDailyPosts(redis!, prefix, daily, new Date(Date.now() - 60_000), 3);
    await seedSubscriptions(redis!, prefix, subscribers.map((owner) => ({ owner, query: 'agent' })), new Date());

    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slack.apiUrl,
      STORE_URL: redis!, STORE_PREFIX: prefix, LOG_LEVEL: 'debug', DELIVERY_LEASE_SECONDS: '3',
    };
    const [a, b] = hfs.map((hf) => startBot({ ...env, HF_ENDPOINT: hf.url })) as [BotProcess, BotProcess];
    bots.push(a, b);
    await waitFor(() => inCatchUp(a, hfs[0]!) && inCatchUp(b, hfs[1]!), 'both processes to be in their start-up catch-up', 20_000);
    releaseTheList();
    await Promise.all([a.logged('daily scheduler started'), b.logged('daily scheduler started')]);
    expect(slack.socketConnections()).toBe(2);

    const ledgerEntries = () => readQueue(redis!, prefix).then((q) => [...q.delivered.values()]);
    await waitFor(async () => (await ledgerEntries()).length === CHANNELS + subscribers.length, 'every daily post and alert in the ledger', 20_000);
    await waitFor(async () => (await readQueue(redis!, prefix)).pending.length === 0, 'the queue to drain', 10_000);
    await settle(1_000);
    for (const to of daily) expect(acceptedPostsIn(slack.calls, to.channel)).toHaveLength(1);
    expect(queuedByCatchUps(a) + queuedByCatchUps(b)).toBe(CHANNELS);
    const ledger = await ledgerEntries();
    const dmChannelOf = (user: string) =>
      (slack!.callsTo('conversations.open').find((c) => c.parsed.users === user)?.response as { channel?: { id: string } } | undefined)?.channel?.id;
    for (const owner of subscribers) {
      expect(ledger.filter((e) => e.kind === 'alert' && e.to === destinationKey(owner))).toHaveLength(1);
      const parts = acceptedPostsIn(slack.calls, owner.user ? dmChannelOf(owner.user)! : owner.channel);
      expect(parts.length).toBeGreaterThan(0);
      expect(new Set(parts.map(contentOf)).size).toBe(parts.length);
    }
    expect([a, b].filter((bot) => bot.logs().some((l) => l.msg === 'active sender for this platform'))).toHaveLength(1);

    const post = slack.messagesIn(daily[0]!.channel)[0]!;
    const store = await openStore(redis!, silentLogger(), prefix);
    const posts = createPostsRegistry(store);
    const [first, second] = (await posts.find(daily[0]!, post.ts))!.paperIds;
    const reaction = (user: string, n: number, added = true) =>
      eventCallback({ ...reactionAddedEvent({ user, reaction: slackKeycapName(n), channel: daily[0]!.channel, ts: post.ts }), ...(added ? {} : { type: 'reaction_removed' }) });
    // Each goes to one connection; alice's first vote comes again to the other process, as after a lost ack.
    const aliceVotesOne = reaction('U0VOTER001', 1);
    const carolVotesOne = reaction('U0VOTER003', 1);
    const deliveries: Array<[payload: Record<string, unknown>, connection: number, retry?: number]> = [
      [aliceVotesOne, 0], [reaction('U0VOTER002', 1), 1], [carolVotesOne, 0], [reaction('U0VOTER001', 2), 1],
      [aliceVotesOne, 1, 1], [reaction('U0VOTER003', 1, false), 1],
    ];
    for (const [i, [payload, connection, retryAttempt]] of deliveries.entries()) {
      await slack.sendEnvelope('events_api', payload, { connection, ...(retryAttempt ? { retryAttempt, retryReason: 'timeout' } : {}) });
      await waitFor(() => handled(a).length + handled(b).length === i + 1, `reaction ${i + 1} to be handled`, 10_000);
    }
    const outcomes = (bot: BotProcess) => handled(bot).map((l) => (l.outcome as { status?: string; reason?: string }).reason ?? 'applied');
    expect([outcomes(a), outcomes(b)].sort((x, y) => x.length - y.length)).toEqual([
      ['applied', 'applied'], ['applied', 'applied', 'duplicate', 'applied'],
    ]);
    const votes = createVotes({ store, posts, log: silentLogger(), cache: false });
    expect(await votes.netVotes(team, [first!, second!])).toEqual(new Map([[first!, 2], [second!, 1]]));

    const carol = 'U0VOTER009';
    const command = slashCommandPayload({ text: 'subscribe "world model"', user_id: carol, channel_id: alertChannel!.channel, response_url: slack.responseUrl('subscribe') });
    await slack.sendEnvelope('slash_commands', command, { connection: 0 });
    await waitFor(() => slack!.responsesTo('subscribe').length > 0, 'the answer', 10_000);
    await settle(500);
    expect(slack.responsesTo('subscribe')).toHaveLength(1);
    const subscriptions = await createSubscriptionStore(store).list(dm(carol));
    expect(subscriptions.map((sub) => sub.query)).toEqual(['"world model"']);
    await store.close();

    const errors = [a, b].flatMap((bot) => bot.logs().filter((l) => (l.level ?? 0) >= 50));
    expect(errors).toEqual([]);
    const catchUps = [a, b].map((bot) => bot.logs().filter((l) => /^daily catch-up|checking again/.test(String(l.msg)))
      .map((l) => (l.held ? `${l.held} held by the other` : `${l.msg} (${l.taken} taken)`)));
    console.info('two Slack instances:', JSON.stringify({ channels: CHANNELS, subscribers: subscribers.length, reactions: deliveries.length,
      catchUps, totalMs: Date.now() - startedAt }));
  }, 60_000);
});
