/** The small adapters between alert modes and the rest: the scheduler's schedule source, the digest's group names. */
import type { AlertService } from '../alerts/alert-service.ts';
import type { Destination } from '../model.ts';
import type { ScheduleSource } from '../schedule/scheduler.ts';
import { scheduleOf, type AlertModes } from './alert-modes.ts';

/** Every subscriber's alert-digest schedule, for the daily-post scheduler's index. */
export function alertDigestSchedules(modes: AlertModes): ScheduleSource {
  return {
    async *all() {
      for await (const m of modes.all()) yield scheduleOf(m);
    },
    onChange: (listener) => modes.onChange((m) => listener(scheduleOf(m))),
  };
}

/** An owner's subscriptions, oldest first: id → query as typed. */
export async function subscriptionQueries(alerts: Pick<AlertService, 'list'>, owner: Destination): Promise<Map<string, string>> {
  return new Map((await alerts.list(owner)).map((s) => [s.id, s.query]));
}
