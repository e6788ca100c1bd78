import { z } from 'zod';
import { channelsOf, describeSettings } from './channel-common.ts';
import { defineCommand } from './definition.ts';

/** `/papers channel off`: stop the daily post here, keeping the settings for a later `channel set`. */
export const channelOff = defineCommand({
  name: 'channel off',
  description: 'Stop the daily post in this channel',
  privileged: true,
  options: [],
  schema: z.object({}),
  async run(_input, inv, deps) {
    const settings = await channelsOf(deps).off(inv.where, inv.now, inv.user.id);
    if (!settings) return { kind: 'text', text: 'There is no daily post in this channel to stop.', ephemeral: true };
    deps.log.info('daily post turned off');
    return { kind: 'text', text: `Daily papers are off here (they were ${describeSettings(settings)}). /papers channel set turns them back on.` };
  },
});
