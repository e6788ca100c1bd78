// Threads started from a message in the fake Discord: `POST /channels/{id}/messages/{id}/threads`, as discord.js's
// `message.startThread` (Routes.threads(channel, message)) sends it. The thread's id is the message's id, and a
// message starts at most one thread: a second start answers 400 160004, as Discord does.
import { ChannelType, Perm, apiChannel, type FakeChannel } from './discord-model.ts';
import { apiError, json, type Reply } from './discord-limits.ts';
import type { FakeState } from './discord-rest.ts';

export const threadExists = () => apiError(400, 160004, 'A thread has already been created for this message');

/** Starts a public thread from message `mid` of `parent` (already access-checked). */
export function startThread(s: FakeState, parent: FakeChannel, mid: string, body: { name?: unknown } | undefined): Reply {
  const m = s.messageById.get(mid);
  if (!m || m.deleted || m.channelId !== parent.id) return apiError(404, 10008, 'Unknown Message');
  if (parent.type !== ChannelType.GuildText) return apiError(400, 50024, 'Cannot execute action on this channel type');
  if ((m.flags & 64) !== 0) return apiError(400, 50024, 'Cannot execute action on this channel type');
  const name = typeof body?.name === 'string' ? body.name : '';
  if (name.length < 1 || name.length > 100)
    return apiError(400, 50035, 'Invalid Form Body', { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } });
  if (s.channels.has(mid)) return threadExists();
  const thread: FakeChannel = { id: mid, name, type: ChannelType.PublicThread, guildId: parent.guildId, botDeny: parent.botDeny, parentId: parent.id };
  s.channels.set(mid, thread);
  const payload = apiChannel(thread, s.bot, s.users);
  return { ...json(201, payload), after: () => void s.dispatch('THREAD_CREATE', { ...payload, newly_created: true }) };
}

/** The permission a message create needs in `channel`: Send Messages, or Send Messages in Threads in a thread. */
export const sendPermissionFor = (channel: FakeChannel | undefined): bigint =>
  channel?.type === ChannelType.PublicThread ? Perm.SendMessagesInThreads : Perm.SendMessages;
