import { z } from 'zod';
import { parseAlertMode, describeAlertMode } from '../src/digests/alert-mode-input.ts';
import { UserError } from '../src/errors.ts';
import { modesOf, nextDelivery, subscriberOf, timezoneOption, whereOption, whereSchema, zoneOf } from './alert-mode-common.ts';
import { defineCommand } from './definition.ts';

const input = z.object({
  mode: z.string({ error: 'mode must be instant, daily or weekly' }).trim().min(1),
  where: whereSchema,
  day: z.string().optional(),
  time: z.string().optional(),
  timezone: z.string().optional(),
});

/** `/papers alerts mode instant | daily HH:MM [zone] | weekly DAY HH:MM [zone]`: how a subscriber's alerts arrive. */
export const alertsMode = defineCommand({
  name: 'alerts mode',
  description: 'Get alerts at once (instant) or as one daily or weekly digest',
  options: [
    { name: 'mode', type: 'string', required: true, choices: ['instant', 'daily', 'weekly'], accepts: 'choice', description: 'instant (default), daily or weekly' },
    whereOption,
    { name: 'day', type: 'string', accepts: 'weekdays', maxLength: 12, description: 'weekly: the day, e.g. fri' },
    { name: 'time', type: 'string', accepts: 'time', maxLength: 8, description: 'daily or weekly: local time, HH:MM' },
    timezoneOption,
  ],
  schema: input,
  async run({ mode, where, day, time, timezone }, inv, deps) {
    const modes = modesOf(deps);
    const owner = subscriberOf(where, inv);
    const before = await modes.get(owner);
    const patch = parseAlertMode(mode, time, day, zoneOf(timezone, before?.timezone, deps));
    if (!patch.ok) throw new UserError(`${patch.message}.`);
    const after = await modes.set(owner, patch.value, inv.now, inv.user.id);
    deps.log.info({ owner, mode: describeAlertMode(after) }, 'alert mode changed');
    const whose = owner.user ? 'Your alerts' : "This channel's alerts";
    const lines =
      after.mode === 'instant'
        ? [`${whose} now come at once, checked every ${deps.alerts!.pollMinutes} min.`]
        : [`${whose} now come as one ${describeAlertMode(after)}: everything matched since the last one, most upvoted first.`, `Next digest: ${nextDelivery(after, inv.now)}.`];
    if (after.mode === 'instant' && before && before.mode !== 'instant') lines.push('Papers held for a digest go out within a minute.');
    if (after.mode !== 'instant' && after.quiet) lines.push('Quiet hours apply to instant alerts only; a digest comes at its own time.');
    return { kind: 'text', text: lines.join('\n'), ephemeral: true };
  },
});
