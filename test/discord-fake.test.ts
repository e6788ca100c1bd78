// Proves test/fakes/discord-server.ts works with an unmodified discord.js 14 Client.
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Client, DiscordAPIError, EmbedBuilder, Events, GatewayIntentBits, Partials, PermissionFlagsBits, Routes,
  type ChatInputCommandInteraction, type ClientOptions, type Interaction, type MessageReaction,
  type PartialMessageReaction, type PartialUser, type TextChannel, type User,
} from 'discord.js';
import { shardOf, startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './fakes/discord-server.ts';

let fake: FakeDiscord | undefined;
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  await fake?.close();
  fake = undefined;
});

async function start(opts?: FakeDiscordOptions): Promise<FakeDiscord> {
  fake = await startFakeDiscord(opts);
  return fake;
}

async function connect(f: FakeDiscord, extra: Partial<ClientOptions> = {}): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.DirectMessages],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction],
    rest: { api: f.apiUrl },
    ...extra,
  });
  clients.push(client);
  const ready = once(client, Events.ClientReady);
  await client.login(f.token);
  await ready;
  return client as Client<true>;
}

function nextEvent<T extends unknown[]>(client: Client, event: string, filter: (...args: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const h = (...args: unknown[]): void => {
      if (!filter(...(args as T))) return;
      client.off(event, h);
      resolve(args as T);
    };
    client.on(event, h);
  });
}

const textChannel = (client: Client, id: string): TextChannel => client.channels.cache.get(id) as TextChannel;

describe('fake Discord + discord.js Client', () => {
  it('logs in and becomes ready with the guild and its channels cached', async () => {
    const f = await start();
    const client = await connect(f);
    const g = f.guild('g1');
    expect(client.user.id).toBe(f.botUser.id);
    expect(client.application.id).toBe(f.applicationId);
    const guild = client.guilds.cache.get(g.id);
    expect(guild?.name).toBe('g1');
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['c1', 'c2']);
    expect(guild?.members.me?.id).toBe(f.botUser.id);
    const perms = textChannel(client, f.channel('c1').id).permissionsFor(client.user);
    expect(perms?.has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(f.identifies[0]?.shard).toEqual([0, 1]);
    expect(f.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot')).toBe(true);
  });

  it('delivers a slash command; deferReply, editReply and followUp are recorded', async () => {
    const f = await start();
    const client = await connect(f);
    const got = nextEvent<[Interaction]>(client, Events.InteractionCreate);
    const sent = f.sendSlashCommand({ subcommand: 'today', options: { count: 5, topic: 'llm' }, channelId: 'c2' });
    expect(sent.delivered).toBe(1);
    const [interaction] = await got;
    expect(interaction.isChatInputCommand()).toBe(true);
    const i = interaction as ChatInputCommandInteraction;
    expect(i.commandName).toBe('papers');
    expect(i.options.getSubcommand()).toBe('today');
    expect(i.options.getInteger('count')).toBe(5);
    expect(i.options.getString('topic')).toBe('llm');
    expect(i.channelId).toBe(f.channel('c2').id);
    expect(i.guildId).toBe(f.guild('g1').id);
    expect(i.user.id).toBe(f.testUser.id);
    expect(i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(false);

    await i.deferReply();
    const edited = await i.editReply({ embeds: [new EmbedBuilder().setTitle('Top papers').setDescription('1. foo')] });
    const follow = await i.followUp({ content: 'more' });

    const rec = f.interaction(sent.token)!;
    expect(rec.callbacks.map((c) => c.type)).toEqual([5]);
    expect(edited.id).toBe(rec.originalMessageId);
    const original = f.message(edited.id)!;
    expect(original.embeds).toEqual([expect.objectContaining({ title: 'Top papers', description: '1. foo' })]);
    expect(original.flags & 128).toBe(0);
    const patch = f.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.path).toBe(`/webhooks/${f.applicationId}/${sent.token}/messages/@original`);
    expect(patch.rawPath).toContain('%40original');
    expect(patch.headers.authorization).toBeUndefined();
    expect(f.messagesIn(f.channel('c2').id).map((m) => m.via)).toEqual(['interaction', 'followup']);
    expect(follow.content).toBe('more');
  });

  it('answers an autocomplete interaction and records the choices', async () => {
    const f = await start();
    const client = await connect(f);
    const got = nextEvent<[Interaction]>(client, Events.InteractionCreate);
    const sent = f.sendAutocomplete({ subcommand: 'search', options: { query: 'diff' }, focused: 'query' });
    const [i] = await got;
    expect(i.isAutocomplete()).toBe(true);
    if (!i.isAutocomplete()) return;
    expect(i.options.getFocused()).toBe('diff');
    await i.respond([{ name: 'diffusion', value: 'diffusion' }]);
    expect(f.interaction(sent.token)?.autocompleteChoices).toEqual([{ name: 'diffusion', value: 'diffusion' }]);
  });

  it('stores channel.send messages and message.react reactions (echoed back over the gateway)', async () => {
    const f = await start();
    const client = await connect(f);
    const c1 = f.channel('c1').id;
    const sent = await textChannel(client, c1).send({ content: 'hello' });
    expect(f.messagesIn(c1).map((m) => [m.id, m.content, m.via])).toEqual([[sent.id, 'hello', 'channel']]);
    expect(sent.author.id).toBe(f.botUser.id);

    const seen: string[] = [];
    client.on(Events.MessageReactionAdd, (r, u) => seen.push(`${r.emoji.name}:${u.id === f.botUser.id ? 'bot' : u.id}`));
    const echo = nextEvent(client, 'raw', (p: { t?: string }) => p.t === 'MESSAGE_REACTION_ADD');
    await sent.react('1️⃣');
    await echo;
    expect(f.reactions).toEqual([expect.objectContaining({ op: 'add', channelId: c1, messageId: sent.id, emoji: '1️⃣', userId: f.botUser.id })]);
    const put = f.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/channels/${c1}/messages/${sent.id}/reactions/1️⃣/@me`);
    expect(put.rawPath).toContain(encodeURIComponent('1️⃣'));
    // message.react() does not emit messageReactionAdd itself; the gateway echo of the bot's own reaction does.
    expect(seen).toEqual(['1️⃣:bot']);
  });

  it('delivers reactions on uncached messages as partials; a REMOVE from an uncached user is dropped', async () => {
    const f = await start();
    const client = await connect(f);
    const c1 = f.channel('c1').id;
    const add = nextEvent<[MessageReaction | PartialMessageReaction, User | PartialUser]>(client, Events.MessageReactionAdd);
    expect(f.sendReaction({ add: true, channelId: c1, messageId: '123456789012345678', userId: '555', emoji: '2️⃣' })).toBe(1);
    const [reaction, user] = await add;
    expect(reaction.partial).toBe(true);
    expect(reaction.message.partial).toBe(true);
    expect(reaction.message.id).toBe('123456789012345678');
    expect(reaction.message.channelId).toBe(c1);
    expect(reaction.message.guildId).toBe(f.guild('g1').id);
    expect(reaction.emoji.name).toBe('2️⃣');
    expect(user.id).toBe('555');

    const removes: string[] = [];
    client.on(Events.MessageReactionRemove, (_r, u) => removes.push(u.id));
    // User 777 was never seen and Partials.User is off → discord.js silently drops the REMOVE.
    f.sendReaction({ add: false, channelId: c1, messageId: '123456789012345678', userId: '777', emoji: '2️⃣' });
    const removed = nextEvent(client, Events.MessageReactionRemove);
    f.sendReaction({ add: false, channelId: c1, messageId: '123456789012345678', userId: '555', emoji: '2️⃣' });
    await removed;
    expect(removes).toEqual(['555']);
  });

  it('honours enforce_nonce like Discord: the same nonce in a channel returns the first message instead of a new one', async () => {
    const f = await start();
    const client = await connect(f);
    const [c1, c2] = [f.channel('c1').id, f.channel('c2').id];
    const post = (channelId: string, body: Record<string, unknown>) =>
      client.rest.post(Routes.channelMessages(channelId), { body: { content: 'daily', ...body } }) as Promise<{ id: string }>;
    const first = await post(c1, { nonce: 'n1', enforce_nonce: true });
    expect((await post(c1, { nonce: 'n1', enforce_nonce: true })).id).toBe(first.id);
    await post(c1, { nonce: 'n1' });
    await post(c2, { nonce: 'n1', enforce_nonce: true });
    expect(f.messagesIn(c1)).toHaveLength(2);
    expect(f.messagesIn(c2)).toHaveLength(1);
    const creates = f.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(creates.map((r) => [r.status, r.nonceReplay ?? false])).toEqual([[200, false], [200, true], [200, false], [200, false]]);
  });

  it('retries a 429 with Retry-After by itself; the message lands exactly once', async () => {
    const f = await start();
    const client = await connect(f);
    const c1 = f.channel('c1').id;
    f.failNext({ route: `POST /channels/${c1}/messages`, status: 429, retryAfterSec: 1 });
    const t0 = Date.now();
    await textChannel(client, c1).send('after limit');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(f.messagesIn(c1).map((m) => m.content)).toEqual(['after limit']);
    expect(f.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')).map((r) => r.status)).toEqual([429, 200]);
    expect(f.count429).toBe(1);
  });

  it('rejects 403/404/400 with DiscordAPIError codes', async () => {
    const f = await start({ guilds: [{ name: 'g1', channels: ['c1', { name: 'readonly', botDeny: PermissionFlagsBits.SendMessages }] }] });
    const client = await connect(f);
    const c1 = textChannel(client, f.channel('c1').id);
    f.failNext({ route: /^POST \/channels\/\d+\/messages$/, status: 403 });
    const err = await c1.send('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(50001);
    expect((err as DiscordAPIError).status).toBe(403);
    await expect(textChannel(client, f.channel('readonly').id).send('x')).rejects.toMatchObject({ code: 50013, status: 403 });
    await expect(c1.send('x'.repeat(2001))).rejects.toMatchObject({ code: 50035, status: 400 });
    const big = new EmbedBuilder().setDescription('y'.repeat(4000));
    await expect(c1.send({ embeds: [big, big] })).rejects.toMatchObject({ code: 50035 });
    await expect(client.rest.post('/channels/1/messages', { body: { content: 'x' } })).rejects.toMatchObject({ code: 10003, status: 404 });
    expect(f.messagesIn(c1.id)).toEqual([]);
  });

  it('routes guild events to the owning shard (shards: "auto")', async () => {
    const f = await start({ shards: 2, guilds: [{ name: 'a' }, { name: 'b' }] });
    const [a, b] = [f.guild('a'), f.guild('b')];
    expect(new Set([shardOf(a.id, 2), shardOf(b.id, 2)])).toEqual(new Set([0, 1]));
    const client = await connect(f, { shards: 'auto' });
    expect(client.ws.shards.size).toBe(2);
    expect(client.guilds.cache.get(a.id)?.shardId).toBe(shardOf(a.id, 2));
    expect(client.guilds.cache.get(b.id)?.shardId).toBe(shardOf(b.id, 2));
    const raw = nextEvent<[{ t?: string }, number]>(client, Events.Raw, (p) => p.t === 'INTERACTION_CREATE');
    f.sendSlashCommand({ guildId: b.id, subcommand: 'today' });
    const [, shardId] = await raw;
    expect(shardId).toBe(shardOf(b.id, 2));
  });

  it('two clients with shardCount 2 each get only their own guilds and events', async () => {
    const f = await start({ guilds: [{ name: 'a' }, { name: 'b' }] });
    const c0 = await connect(f, { shards: 0, shardCount: 2 });
    const c1 = await connect(f, { shards: 1, shardCount: 2 });
    const [a, b] = [f.guild('a'), f.guild('b')];
    const onShard1 = shardOf(a.id, 2) === 1 ? a : b;
    const onShard0 = onShard1 === a ? b : a;
    expect([...c0.guilds.cache.keys()]).toEqual([onShard0.id]);
    expect([...c1.guilds.cache.keys()]).toEqual([onShard1.id]);
    const got1 = nextEvent<[Interaction]>(c1, Events.InteractionCreate);
    const seen0: string[] = [];
    c0.on(Events.InteractionCreate, (i) => seen0.push(i.id));
    const sent = f.sendSlashCommand({ guildId: onShard1.id, subcommand: 'today' });
    expect(sent.delivered).toBe(1);
    const [i] = await got1;
    expect(i.id).toBe(sent.id);
    expect(seen0).toEqual([]);
  });

  it('registers commands and opens DMs', async () => {
    const f = await start();
    const client = await connect(f);
    const g = f.guild('g1');
    await client.application.commands.set([{ name: 'papers', description: 'Daily papers' }], g.id);
    expect(f.registeredCommands.get(g.id)?.map((c) => c.name)).toEqual(['papers']);
    await client.application.commands.set([{ name: 'papers', description: 'Daily papers' }]);
    expect(f.registeredCommands.get('global')?.[0]?.id).toEqual(expect.any(String));

    const user = await client.users.fetch(f.testUser.id);
    const dm = await user.send('psst');
    const dmChannel = f.dmChannelOf(f.testUser.id)!;
    expect(dm.channelId).toBe(dmChannel.id);
    expect(f.messagesIn(dmChannel.id).map((m) => m.content)).toEqual(['psst']);
    f.blockDMs(f.testUser.id);
    await expect(user.send('again')).rejects.toMatchObject({ code: 50007 });
  });

  it('enforces per-channel rate limits; discord.js waits on the headers', async () => {
    const f = await start({ rateLimits: { perChannel: { count: 3, windowMs: 400 } } });
    const client = await connect(f);
    const ch = textChannel(client, f.channel('c1').id);
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 5 }, (_, n) => ch.send(`m${n}`)));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(f.messagesIn(ch.id)).toHaveLength(5);
    const first = f.requests.find((r) => r.method === 'POST')!;
    expect(first.status).toBe(200);
    expect(f.count429).toBe(0); // discord.js honours X-RateLimit-Remaining/Reset-After before hitting the limit
  });

  it('resumes after a dropped connection and reports guild removal / channel deletion', async () => {
    const f = await start({ guilds: [{ name: 'g1' }, { name: 'g2' }] });
    const client = await connect(f);
    const resumed = nextEvent(client, Events.ShardResume);
    f.dropConnections();
    await resumed;
    expect(f.identifies).toHaveLength(1);

    const g2 = f.guild('g2');
    const gone = nextEvent<[{ id: string }]>(client, Events.GuildDelete);
    f.leaveGuild(g2.id);
    expect((await gone)[0].id).toBe(g2.id);
    await expect(client.rest.post(`/channels/${g2.channels[0]!.id}/messages`, { body: { content: 'x' } })).rejects.toMatchObject({ code: 50001 });

    const c2 = f.channel('c2', 'g1');
    const deleted = nextEvent<[{ id: string }]>(client, Events.ChannelDelete);
    f.deleteChannel(c2.id);
    expect((await deleted)[0].id).toBe(c2.id);
    expect(client.channels.cache.has(c2.id)).toBe(false);
    await expect(client.rest.post(`/channels/${c2.id}/messages`, { body: { content: 'x' } })).rejects.toMatchObject({ code: 10003 });
  });

  it('lets a partial reaction on a bot message be fetched with counts', async () => {
    const f = await start({ echoOwnReactions: false });
    const client = await connect(f);
    const c1 = f.channel('c1').id;
    const posted = f.message((await textChannel(client, c1).send('vote')).id)!;
    // A fresh client has no cache: the reaction arrives partial.
    const other = await connect(f);
    const add = nextEvent<[MessageReaction | PartialMessageReaction, User | PartialUser]>(other, Events.MessageReactionAdd);
    f.sendReaction({ add: true, channelId: c1, messageId: posted.id, emoji: '3️⃣' });
    const [reaction] = await add;
    expect(reaction.partial).toBe(true);
    const full = await reaction.fetch();
    expect(full.count).toBe(1);
    const users = await full.users.fetch();
    expect([...users.keys()]).toEqual([f.testUser.id]);
    expect(f.reactions).toEqual([]);
  });

  it('caches 1000 channels from one GUILD_CREATE', async () => {
    const f = await start({ guilds: [{ name: 'big', channels: 1000 }] });
    const client = await connect(f);
    expect(client.guilds.cache.get(f.guild('big').id)?.channels.cache.size).toBe(1000);
    expect(new Set(f.guild('big').channels.map((c) => c.id)).size).toBe(1000);
  });

  it('answers 10062 for an interaction acknowledged too late', async () => {
    const f = await start({ interactionTimeoutMs: 50 });
    const client = await connect(f);
    const got = nextEvent<[Interaction]>(client, Events.InteractionCreate);
    f.sendSlashCommand({ subcommand: 'today' });
    const [i] = await got;
    await new Promise((r) => setTimeout(r, 80));
    await expect((i as ChatInputCommandInteraction).deferReply()).rejects.toMatchObject({ code: 10062, status: 404 });
  });

  it('enforces a global rate limit with X-RateLimit-Global 429s that discord.js retries', async () => {
    const f = await start({ rateLimits: { globalPerSecond: 4 } });
    const client = await connect(f);
    const ch = textChannel(client, f.channel('c1').id);
    await Promise.all(Array.from({ length: 6 }, (_, n) => ch.send(`g${n}`)));
    expect(f.messagesIn(ch.id)).toHaveLength(6);
    expect(f.count429).toBeGreaterThanOrEqual(1);
    const limited = f.requests.find((r) => r.status === 429)!;
    expect(limited.headers.authorization).toMatch(/^Bot /);
  });

  it('answers a global 429 with only Retry-After, X-RateLimit-Global and the global scope, as Discord documents it', async () => {
    const f = await start({ rateLimits: { globalPerSecond: 1 } });
    const get = () => fetch(`${f.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${f.token}` } });
    expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('global');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // A bucket header here would make discord.js re-key the route and forget every channel's bucket.
    expect(limited.headers.get('x-ratelimit-bucket')).toBeNull();
  });

  it('does not count interaction endpoints against the global limit, even when they carry the bot token', async () => {
    const f = await start({ rateLimits: { globalPerSecond: 1 } });
    const call = (method: string, path: string) => fetch(`${f.apiUrl}/v10${path}`, { method, headers: { authorization: `Bot ${f.token}` } });
    expect((await call('GET', '/users/@me')).status).toBe(200);
    const webhook = `/webhooks/${f.applicationId}/some-interaction-token`;
    expect((await call('POST', webhook)).status).toBe(404);
    expect((await call('PATCH', `${webhook}/messages/%40original`)).status).toBe(404);
    expect((await call('POST', `/interactions/${f.applicationId}/some-interaction-token/callback`)).status).toBe(404);
    expect((await call('GET', '/users/@me')).status).toBe(429);
  });

  it('answers with_response=true callbacks with the interaction callback resource', async () => {
    const f = await start();
    const client = await connect(f);
    const got = nextEvent<[Interaction]>(client, Events.InteractionCreate);
    const sent = f.sendSlashCommand({ subcommand: 'today' });
    const [i] = await got;
    const res = await (i as ChatInputCommandInteraction).reply({ content: 'hi', withResponse: true });
    expect(res.resource?.message?.id).toBe(f.interaction(sent.token)?.originalMessageId);
    expect(res.resource?.message?.content).toBe('hi');
  });

  it('answers 204 without a content type', async () => {
    const f = await start();
    const sent = f.sendSlashCommand({ subcommand: 'today' });
    const res = await fetch(`${f.apiUrl}/v10/interactions/${sent.id}/${sent.token}/callback`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 5 }),
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('content-type')).toBeNull();
    const again = await fetch(`${f.apiUrl}/v10/interactions/${sent.id}/${sent.token}/callback`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 5 }),
    });
    expect(await again.json()).toMatchObject({ code: 40060 });
    const unknown = await fetch(`${f.apiUrl}/v10/nope`);
    expect([unknown.status, await unknown.json()]).toEqual([404, { message: '404: Not Found', code: 0 }]);
  });
});
