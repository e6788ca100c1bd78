/**
 * Builders for the payloads Slack sends *to* an app: slash commands, Events API callbacks and interactive
 * payloads. The same objects are used over HTTP (see slack-signing.ts) and over Socket Mode (see
 * FakeSlack.sendEnvelope), so an adapter test can drive either transport with identical inputs.
 */

export const FAKE_TEAM_ID = 'T0FAKE0001';
export const FAKE_TEAM_NAME = 'Paperboy Test Workspace';
export const FAKE_APP_ID = 'A0FAKE0001';
export const FAKE_BOT_USER_ID = 'U0FAKEBOT1';
export const FAKE_BOT_ID = 'B0FAKEBOT1';

/** Form fields of a slash command, as Slack sends them (all strings). */
export interface SlashCommandFields {
  command?: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  team_domain?: string;
  response_url?: string;
  trigger_id?: string;
  api_app_id?: string;
  [extra: string]: string | undefined;
}

let triggerSeq = 0;

/** A complete slash command payload with sensible defaults (`/papers`, empty text, a C… channel, a U… user). */
export function slashCommandPayload(fields: SlashCommandFields = {}): Record<string, string> {
  triggerSeq += 1;
  const full: Record<string, string | undefined> = {
    token: 'deprecated-verification-token',
    team_id: FAKE_TEAM_ID,
    team_domain: 'paperboy-test',
    channel_id: 'C0PAPERS01',
    channel_name: 'papers',
    user_id: 'U0HUMAN001',
    user_name: 'alice',
    command: '/papers',
    text: '',
    api_app_id: FAKE_APP_ID,
    is_enterprise_install: 'false',
    response_url: 'http://127.0.0.1:9/response/unset',
    trigger_id: `${1000 + triggerSeq}.${triggerSeq}.fake-trigger`,
    ...fields,
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(full)) if (v !== undefined) out[k] = v;
  return out;
}

export interface EventCallbackOptions {
  eventId?: string;
  teamId?: string;
  /** Bot user id put in `authorizations[0].user_id` (Bolt uses it for the authorize source). */
  botUserId?: string;
  eventTime?: number;
}

let eventSeq = 0;

/** Wraps an inner event (`{type:'reaction_added', ...}`) in an `event_callback` body. Adds `event_ts` if missing. */
export function eventCallback(event: Record<string, unknown>, opts: EventCallbackOptions = {}): Record<string, unknown> {
  eventSeq += 1;
  const teamId = opts.teamId ?? FAKE_TEAM_ID;
  const eventTime = opts.eventTime ?? Math.floor(Date.now() / 1000);
  return {
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: FAKE_APP_ID,
    event: { event_ts: `${eventTime}.${String(eventSeq).padStart(6, '0')}`, ...event },
    type: 'event_callback',
    event_id: opts.eventId ?? `Ev0FAKE${String(eventSeq).padStart(6, '0')}`,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: opts.botUserId ?? FAKE_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

/** A `reaction_added` inner event on a message. */
export function reactionAddedEvent(args: {
  user: string;
  reaction: string;
  channel: string;
  ts: string;
  itemUser?: string;
}): Record<string, unknown> {
  return {
    type: 'reaction_added',
    user: args.user,
    reaction: args.reaction,
    item: { type: 'message', channel: args.channel, ts: args.ts },
    item_user: args.itemUser ?? FAKE_BOT_USER_ID,
  };
}

/** A `block_actions` interactive payload: a button click, or with `selectedValue` a choice in a static select menu. */
export function blockActionsPayload(args: {
  actionId: string;
  value?: string;
  /** A static_select's chosen option value (the action is then a menu choice, not a button). */
  selectedValue?: string;
  /** The message is an ephemeral one (`container.is_ephemeral`). */
  isEphemeral?: boolean;
  blockId?: string;
  user?: string;
  channel?: string;
  messageTs?: string;
  responseUrl?: string;
  teamId?: string;
}): Record<string, unknown> {
  const teamId = args.teamId ?? FAKE_TEAM_ID;
  const user = args.user ?? 'U0HUMAN001';
  triggerSeq += 1;
  return {
    type: 'block_actions',
    user: { id: user, username: 'alice', name: 'alice', team_id: teamId },
    api_app_id: FAKE_APP_ID,
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: args.messageTs ?? '1700000000.000100', channel_id: args.channel ?? 'C0PAPERS01', is_ephemeral: args.isEphemeral ?? false },
    trigger_id: `${1000 + triggerSeq}.${triggerSeq}.fake-trigger`,
    team: { id: teamId, domain: 'paperboy-test' },
    channel: { id: args.channel ?? 'C0PAPERS01', name: 'papers' },
    message: { type: 'message', ts: args.messageTs ?? '1700000000.000100', user: FAKE_BOT_USER_ID, text: '' },
    response_url: args.responseUrl ?? 'http://127.0.0.1:9/response/unset',
    actions: [
      args.selectedValue === undefined
        ? {
            type: 'button',
            action_id: args.actionId,
            block_id: args.blockId ?? 'block-1',
            value: args.value ?? '',
            text: { type: 'plain_text', text: 'button' },
            action_ts: `${Math.floor(Date.now() / 1000)}.000000`,
          }
        : {
            type: 'static_select',
            action_id: args.actionId,
            block_id: args.blockId ?? 'block-1',
            selected_option: { text: { type: 'plain_text', text: args.selectedValue, emoji: true }, value: args.selectedValue },
            placeholder: { type: 'plain_text', text: 'Select', emoji: true },
            action_ts: `${Math.floor(Date.now() / 1000)}.000000`,
          },
    ],
  };
}
