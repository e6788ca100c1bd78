import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/log.ts';

/** Who may change channel settings: workspace admins and owners, plus the users listed in SLACK_ADMIN_USERS. */
export interface SlackAdminCheck {
  canManage(teamId: string, userId: string): Promise<boolean>;
}

export interface SlackAdminCheckOptions {
  client: webApi.WebClient;
  /** User ids allowed whatever their workspace role. */
  adminUsers: readonly string[];
  /** How long a users.info answer is trusted. */
  ttlMs: number;
  log: Logger;
  now?: () => number;
}

/** Asks users.info (is_admin / is_owner) and remembers the answer for `ttlMs`. A failed lookup means "no", uncached. */
export function createSlackAdminCheck(o: SlackAdminCheckOptions): SlackAdminCheck {
  const now = o.now ?? Date.now;
  const cache = new Map<string, { admin: boolean; until: number }>();
  return {
    async canManage(teamId, userId) {
      if (o.adminUsers.includes(userId)) return true;
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.admin;
      try {
        const { user } = await o.client.users.info({ user: userId });
        const admin = !!user && !user.deleted && !!(user.is_admin || user.is_owner || user.is_primary_owner);
        if (cache.size > 10_000) cache.clear();
        cache.set(key, { admin, until: now() + o.ttlMs });
        return admin;
      } catch (err) {
        o.log.warn({ err, userId }, 'users.info failed; treating the user as a member');
        return false;
      }
    },
  };
}
