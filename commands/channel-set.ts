import { z } from 'zod';
import { UserError } from '../src/errors.ts';
import { DEFAULT_POST, type ChannelSettingsPatch } from '../src/schedule/channel-settings.ts';
import { parseTime, parseTimeZone, parseWeekdays } from '../src/schedule/friendly-input.ts';
import { channelsOf, describeNextPost, describeSettings, failureLine, friendly } from './channel-common.ts';
import { defineCommand } from './definition.ts';

const countMessage = 'count must be between 1 and 25';
const input = z.object({
  time: z.string().optional().transform(friendly(parseTime)),
  timezone: z.string().optional().transform(friendly(parseTimeZone)),
  count: z.coerce.number().int(countMessage).min(1, countMessage).max(25, countMessage).optional(),
  min_upvotes: z.coerce.number().int('min_upvotes must be a whole number').min(0, 'min_upvotes must be 0 or more').max(100_000).optional(),
  weekdays: z.string().optional().transform(friendly(parseWeekdays)),
  cadence: z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(['daily', 'weekly'], { message: 'cadence must be daily or weekly' }).optional()),
});

const ONE_DAY = 'A weekly post goes out on one day: say which, e.g. /papers channel set weekly fri 17:00.';

/** `/papers channel set [time] [timezone] [count] [min_upvotes] [weekdays]`: turn on (or change) the daily post here. */
export const channelSet = defineCommand({
  name: 'channel set',
  description: 'Post the trending papers in this channel every day',
  privileged: true,
  options: [
    { name: 'time', description: 'Local time, HH:MM (default 09:00)', type: 'string', accepts: 'time', maxLength: 8 },
    { name: 'timezone', description: 'IANA time zone, e.g. Europe/Paris (default the server’s)', type: 'string', accepts: 'timezone', maxLength: 64 },
    { name: 'count', description: 'How many papers (1–25, default 10)', type: 'integer', min: 1, max: 25, accepts: 'number' },
    { name: 'min_upvotes', description: 'Only papers with at least this many upvotes (default 0)', type: 'integer', min: 0, accepts: 'number' },
    { name: 'weekdays', description: 'e.g. mon-fri, mon,wed,fri or daily (default mon-fri)', type: 'string', accepts: 'weekdays', maxLength: 40 },
    { name: 'cadence', description: 'daily (default), or weekly: the week’s top papers on the one day in weekdays', type: 'string', choices: ['daily', 'weekly'], accepts: 'cadence' },
  ],
  schema: input,
  async run({ time, timezone, count, min_upvotes, weekdays, cadence }, inv, deps) {
    const patch: ChannelSettingsPatch = {};
    if (time !== undefined) patch.time = time;
    if (timezone !== undefined) patch.timezone = timezone;
    if (count !== undefined) patch.count = count;
    if (min_upvotes !== undefined) patch.minUpvotes = min_upvotes;
    if (weekdays !== undefined) patch.weekdays = weekdays;
    const stored = await channelsOf(deps).get(inv.where);
    const wasWeekly = stored?.cadence === 'weekly';
    if (cadence !== undefined) patch.cadence = cadence;
    if ((cadence ?? stored?.cadence) === 'weekly' && (patch.weekdays ?? (wasWeekly ? stored?.weekdays : undefined))?.length !== 1)
      throw new UserError(ONE_DAY);
    if (cadence === 'daily' && wasWeekly && weekdays === undefined) patch.weekdays = [...DEFAULT_POST.weekdays];
    const failure = await failureLine(deps, inv.where);
    const { settings } = await channelsOf(deps).set(inv.where, patch, inv.now, inv.user.id);
    deps.log.info({ settings: describeSettings(settings) }, 'daily post settings changed');
    const lines = [`${settings.cadence === 'weekly' ? 'Weekly' : 'Daily'} papers here: ${describeSettings(settings)}.`, `Next post: ${describeNextPost(settings, inv.now)}.`];
    if (failure) lines.push(`Delivery here had stopped (${failure}); it is resumed.`);
    return { kind: 'text', text: lines.join('\n') };
  },
});
