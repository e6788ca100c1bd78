import { z } from 'zod';
import { channelsOf, describeNextPost, describeSettings, failureLine, timeZoneWarning } from './channel-common.ts';
import { defineCommand } from './definition.ts';

/**
 * `/papers channel show`: this channel's daily post, when the next one is due (in its own zone), delivery health, and
 * the standing notes about its platform (e.g. a missing Slack scope).
 */
export const channelShow = defineCommand({
  name: 'channel show',
  description: "This channel's daily post settings and the next post time",
  options: [],
  schema: z.object({}),
  async run(_input, inv, deps) {
    const settings = await channelsOf(deps).get(inv.where);
    const lines: string[] = [];
    if (!settings) lines.push('No daily post in this channel. A channel manager can start one with /papers channel set.');
    else if (!settings.enabled) lines.push(`Daily papers are off here (last set to ${describeSettings(settings)}).`);
    else lines.push(`Daily papers here: ${describeSettings(settings)}.`, `Next post: ${describeNextPost(settings, inv.now)}.`);
    const zoneWarning = settings && timeZoneWarning(settings);
    if (zoneWarning) lines.push(zoneWarning);
    const failure = await failureLine(deps, inv.where);
    if (failure)
      lines.push(`⚠ Delivery to this channel is failing: ${failure}. Posts are paused; fix the bot's access, then run /papers channel set.`);
    for (const note of (await deps.platformStatus?.notes(inv.where.platform)) ?? []) lines.push(`⚠ ${note.text}.`);
    return { kind: 'text', text: lines.join('\n'), ephemeral: true };
  },
});
