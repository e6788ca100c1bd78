/**
 * One way to run `/papers …` through either real adapter (discord.js against the fake Discord, Bolt against the fake
 * Slack) on the real core app over a SQLite store, as a channel manager or as a plain member, and read the answer the
 * person would see. Built on the Discord harness and the Slack rig.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits as P } from 'discord.js';
import type { CoreApp } from '../../src/app.ts';
import type { Destination } from '../../src/model.ts';
import { sqlitePath } from '../../src/store/open-store.ts';
import { startHarness, until, type HarnessOptions } from '../discord/harness.ts';
import { Perm } from '../fakes/discord-model.ts';
import type { FakeHf } from '../fakes/hf-server.ts';
import { postSlashCommand } from '../fakes/slack-signing.ts';
import { captureLogs, type LogLine } from './log-capture.ts';
import { SIGNING_SECRET, startSlackRig, type SlackRigOptions } from './slack-rig.ts';
import { storeRows } from './store-rows.ts';
import { settle } from './wait.ts';

export type PlatformName = 'discord' | 'slack';
export type Role = 'manager' | 'member';
export type OptionValues = Record<string, string | number | boolean>;

/** What the caller saw: every message of the answer, joined, and whether only they could see it. */
export interface Answer {
  text: string;
  private: boolean;
}

/** How the bot loses a channel: Discord Missing Access (50001) / Missing Permissions (50013), or a Slack error code. */
export type LostAccess = 'missing-access' | 'missing-permissions' | 'not_in_channel' | 'channel_not_found';

export interface PlatformWorld {
  platform: PlatformName;
  /** The core app; its delivery queue runs with the adapter's sender (the scheduler is driven by `tick`). */
  app: CoreApp;
  hf: FakeHf;
  /** Log lines at warn and above, parsed. */
  logs: LogLine[];
  /** A channel by short name (`c1`, `c2`) as the core sees it. */
  where(channel?: string): Destination;
  /** `/papers <command>` with options as the platform delivers them, by a manager or a member, in `channel` (c1). */
  run(command: string, options?: OptionValues, as?: Role, channel?: string): Promise<Answer>;
  /** Slack only: the raw text after `/papers`. */
  runText?(text: string, as?: Role, channel?: string): Promise<Answer>;
  /** Messages the bot posted in a channel through the post API (daily posts, alerts; on Slack also public command answers). */
  postsIn(channel: string): number;
  /** Requests the bot made to post in a channel, accepted or not. */
  postAttempts(channel: string): number;
  /** Messages the bot sent `as` by DM. */
  dmsTo(as: Role): number;
  /** The platform starts refusing the bot's posts in `channel`; `restoreAccess` undoes it. */
  loseAccess(channel: string, how: LostAccess): void;
  restoreAccess(channel: string): void;
  /** Every store row (see storeRows). */
  rows(): Map<string, string>;
  close(): Promise<void>;
}

/** Discord: a normal member, and one who may manage channels. */
export const DISCORD_MEMBER = P.ViewChannel | P.SendMessages | P.AddReactions | P.ReadMessageHistory | P.UseApplicationCommands;
const DISCORD_USERS = { manager: { id: '700000000000000001', username: 'mia' }, member: { id: '700000000000000002', username: 'bob' } };
export const SLACK_USERS = { manager: 'U0ADMIN001', member: 'U0HUMAN001' } as const;
const SLACK_CHANNELS: Record<string, string> = { c1: 'C0PAPERS01', c2: 'C0PAPERS02', c3: 'C0PAPERS03' };

const EPHEMERAL = 64;

async function openDiscord(opts: HarnessOptions): Promise<PlatformWorld> {
  const h = await startHarness({ ...opts, fake: { guilds: [{ name: 'g1', channels: ['c1', 'c2', 'c3'] }], ...opts.fake } });
  h.app.delivery.registerSender(h.adapter.sender);
  await h.app.start({ scheduler: false });
  const guild = h.discord.guild('g1');
  const where = (channel = 'c1'): Destination => ({ platform: 'discord', community: guild.id, channel: h.discord.channel(channel).id });
  const id = (channel: string) => h.discord.channel(channel).id;
  return {
    platform: 'discord',
    app: h.app,
    hf: h.hf,
    logs: h.logged,
    where,
    postsIn: (channel) => h.discord.messagesIn(id(channel)).filter((m) => m.via === 'channel').length,
    postAttempts: (channel) => h.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${id(channel)}/messages`).length,
    dmsTo: (as) => {
      const dm = h.discord.dmChannelOf(DISCORD_USERS[as].id);
      return dm ? h.discord.messagesIn(dm.id).length : 0;
    },
    loseAccess(channel, how) {
      h.discord.channel(channel).botDeny = how === 'missing-access' ? Perm.ViewChannel : Perm.SendMessages;
    },
    restoreAccess(channel) {
      h.discord.channel(channel).botDeny = 0n;
    },
    async run(command, options = {}, as = 'member', channel = 'c1') {
      const [group, sub] = command.includes(' ') ? command.split(' ') : [undefined, command];
      const permissions = as === 'manager' ? DISCORD_MEMBER | P.ManageChannels : DISCORD_MEMBER;
      const sent = h.discord.sendSlashCommand({
        subcommand: sub, ...(group ? { subcommandGroup: group } : {}), options, channelId: channel, permissions, user: DISCORD_USERS[as],
      });
      const answered = () => h.discord.messagesIn(where(channel).channel).filter((m) => m.interactionToken === sent.token && (m.via === 'followup' || m.editedAt));
      const original = () => h.discord.message(h.discord.interaction(sent.token)?.originalMessageId ?? '');
      await until(() => answered().length > 0 || original()?.editedAt);
      await settle(100);
      const messages = answered();
      return { text: messages.map((m) => m.content).join('\n'), private: messages.every((m) => (m.flags & EPHEMERAL) !== 0) };
    },
    rows: () => storeRows(sqlitePath(h.app.config.STORE_URL)),
    close: () => h.close(),
  };
}

const unescapeSlack = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Options as a Slack user types them: the free-text (rest) value as it is, others as `name:value`, booleans as `--name`. */
export function slackText(command: string, options: OptionValues, restOption?: string): string {
  const parts = [command];
  if (restOption && options[restOption] !== undefined) parts.push(String(options[restOption]));
  for (const [name, value] of Object.entries(options)) {
    if (name === restOption) continue;
    if (typeof value === 'boolean') parts.push(value ? `--${name}` : '');
    else parts.push(/\s/.test(String(value)) ? `${name}:"${value}"` : `${name}:${value}`);
  }
  return parts.filter(Boolean).join(' ');
}

async function openSlack(opts: SlackRigOptions): Promise<PlatformWorld> {
  const file = join(mkdtempSync(join(tmpdir(), 'pb-slack-')), 'store.sqlite');
  const { log, lines } = captureLogs('warn');
  const r = await startSlackRig({
    storeUrl: `sqlite://${file}`, log, ...opts, fake: { users: { [SLACK_USERS.manager]: { is_admin: true } }, ...opts.fake },
  });
  const channelId = (c: string) => SLACK_CHANNELS[c] ?? c;
  const where = (channel = 'c1'): Destination => ({ platform: 'slack', community: r.slack.teamId, channel: channelId(channel) });
  let n = 0;
  const runText = async (text: string, as: Role = 'member', channel = 'c1'): Promise<Answer> => {
    const id = `answer-${++n}`;
    const posted = r.slack.callsTo('chat.postMessage').length;
    await postSlashCommand(r.url, SIGNING_SECRET, { text, user_id: SLACK_USERS[as], channel_id: channelId(channel), response_url: r.slack.responseUrl(id) });
    await r.adapter.idle();
    const responses = r.slack.responsesTo(id).map((c) => c.parsed);
    const posts = r.slack.callsTo('chat.postMessage').slice(posted).map((c) => c.parsed);
    const sections = [...responses, ...posts].flatMap((m) => (m.blocks as Array<{ type: string; text?: { text: string } }> | undefined) ?? []);
    return {
      text: unescapeSlack(sections.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '').join('\n')),
      private: posts.length === 0 && responses.every((m) => m.response_type === 'ephemeral'),
    };
  };
  const posts = (channel: string) => r.slack.callsTo('chat.postMessage').filter((c) => c.parsed.channel === channelId(channel));
  return {
    platform: 'slack',
    app: r.core,
    hf: r.hf,
    logs: lines,
    where,
    postsIn: (channel) => r.slack.messagesIn(channelId(channel)).length,
    postAttempts: (channel) => posts(channel).length,
    dmsTo: (as) => {
      const dm = r.slack.dmChannelOf(SLACK_USERS[as]);
      return dm ? r.slack.messagesIn(dm).length : 0;
    },
    loseAccess(channel, how) {
      r.slack.setChannelError(channelId(channel), how);
    },
    restoreAccess(channel) {
      r.slack.setChannelError(channelId(channel), undefined);
    },
    run: (command, options = {}, as, channel) => runText(slackText(command, options, command === 'subscribe' ? 'query' : undefined), as, channel),
    runText,
    rows: () => storeRows(file),
    close: () => r.close(),
  };
}

/** The real adapter of `platform` on the real core app (delivery queue running, scheduler driven by tick), ready for commands. */
export function openPlatform(platform: PlatformName, opts: { discord?: HarnessOptions; slack?: SlackRigOptions } = {}): Promise<PlatformWorld> {
  return platform === 'discord' ? openDiscord(opts.discord ?? {}) : openSlack(opts.slack ?? {});
}
