import { z } from 'zod';
import { describeAlertMode, describeQuietHours, parseQuietHours } from '../src/digests/alert-mode-input.ts';
import { UserError } from '../src/errors.ts';
import { modesOf, subscriberOf, timezoneOption, whereOption, whereSchema, zoneOf } from './alert-mode-common.ts';
import { defineCommand } from './definition.ts';

const input = z.object({
  hours: z.string({ error: 'hours must be FROM-TO, e.g. 22:00-08:00, or off' }).trim().min(1),
  where: whereSchema,
  timezone: z.string().optional(),
});

/** `/papers alerts quiet 22:00-08:00 [zone]` | `off`: instant alerts matched inside the window wait for its end. */
export const alertsQuiet = defineCommand({
  name: 'alerts quiet',
  description: 'Quiet hours: instant alerts matched then wait until they end',
  options: [
    { name: 'hours', type: 'string', required: true, maxLength: 24, description: 'FROM-TO local time, e.g. 22:00-08:00, or off' },
    whereOption,
    timezoneOption,
  ],
  schema: input,
  async run({ hours, where, timezone }, inv, deps) {
    const modes = modesOf(deps);
    const owner = subscriberOf(where, inv);
    const before = await modes.get(owner);
    const quiet = parseQuietHours(hours, zoneOf(timezone, before?.quiet?.timezone ?? before?.timezone, deps));
    if (!quiet.ok) throw new UserError(`${quiet.message}.`);
    const after = await modes.set(owner, { quiet: quiet.value }, inv.now, inv.user.id);
    const whose = owner.user ? 'your alerts' : "this channel's alerts";
    const lines = after.quiet
      ? [`Quiet hours for ${whose}: ${describeQuietHours(after)}. Alerts matched then wait until ${after.quiet.to}, then come as one message.`]
      : [`Quiet hours off: ${whose} come at once.${before?.quiet ? ' Alerts held so far go out within a minute.' : ''}`];
    if (after.mode !== 'instant') lines.push(`(Quiet hours apply to instant alerts; ${whose} come as a ${describeAlertMode(after)}.)`);
    return { kind: 'text', text: lines.join('\n'), ephemeral: true };
  },
});
