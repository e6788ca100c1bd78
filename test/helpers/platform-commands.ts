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
import { postSlashCommand } from '../fakes/slack-signing.ts';
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

export interface PlatformWorld {
  platform: PlatformName;
  app: CoreApp;
  /** A channel by short name (`c1`, `c2`) as the core sees it. */
  where(channel?: string): Destination;
  /** `/papers <command>` with options as the platform delivers them, by a manager or a member, in `channel` (c1). */
  run(command: string, options?: OptionValues, as?: Role, channel?: string): Promise<Answer>;
  /** Slack only: the raw text after `/papers`. */
  runText?(text: string, as?: Role, channel?: string): Promise<Answer>;
  /** Every store row (see storeRows). */
  rows(): Map<string, string>;
  close(): Promise<void>;
}

/** Discord: a normal member, and one who may manage channels. */
export const DISCORD_MEMBER = P.ViewChannel | P.SendMessages | P.AddReactions | P.ReadMessageHistory | P.UseApplicationCommands;
const DISCORD_USERS = { manager: { id: '700000000000000001', username: 'mia' }, member: { id: '700000000000000002', username: 'bob' } };
export const SLACK_USERS = { manager: 'U0ADMIN001', member: 'U0HUMAN001' } as const;
const SLACK_CHANNELS: Record<string, string> = { c1: 'C0PAPERS01', c2: 'C0PAPERS02' };

const EPHEMERAL = 64;

async function openDiscord(opts: HarnessOptions): Promise<PlatformWorld> {
  const h = await startHarness(opts);
  const guild = h.discord.guild('g1');
  const where = (channel = 'c1'): Destination => ({ platform: 'discord', community: guild.id, channel: h.discord.channel(channel).id });
  return {
    platform: 'discord',
    app: h.app,
    where,
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
  const r = await startSlackRig({ storeUrl: `sqlite://${file}`, ...opts, fake: { users: { [SLACK_USERS.manager]: { is_admin: true } }, ...opts.fake } });
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
  return {
    platform: 'slack',
    app: r.core,
    where,
    run: (command, options = {}, as, channel) => runText(slackText(command, options, command === 'subscribe' ? 'query' : undefined), as, channel),
    runText,
    rows: () => storeRows(file),
    close: () => r.close(),
  };
}

/** The real adapter of `platform` on the real core app, ready for commands (the delivery queue is not started on Discord). */
export function openPlatform(platform: PlatformName, opts: { discord?: HarnessOptions; slack?: SlackRigOptions } = {}): Promise<PlatformWorld> {
  return platform === 'discord' ? openDiscord(opts.discord ?? {}) : openSlack(opts.slack ?? {});
}
