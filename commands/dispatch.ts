import { SourceError, StoreUnavailableError, UserError } from '../src/errors.ts';
import type { Reply } from '../src/model.ts';
import { usageOf, type Invocation } from './definition.ts';
import type { CommandDeps } from './deps.ts';
import { oversizedOption, quoteInput } from './input-limits.ts';
import { findCommand } from './registry.ts';

const STORE_DOWN = 'paperboy is temporarily unavailable (its storage is not answering). Please try again in a minute.';
/** What a caller is told when something unexpected failed (it was logged). */
export const GENERIC_FAILURE = 'Something went wrong on our side. It has been logged; please try again in a minute.';

/**
 * Runs one invocation to a Reply. This is the one place where command errors become messages: a UserError or a source
 * failure is shown as it is, bad or oversized options give the usage, anything else is logged once and answered
 * generically.
 */
export async function runCommand(inv: Invocation, deps: CommandDeps): Promise<Reply> {
  const def = findCommand(inv.command);
  if (!def) return { kind: 'error', message: `Unknown command ${quoteInput(inv.command)}. Try /papers help.` };
  if (def.privileged && !inv.user.canManageChannel)
    return { kind: 'error', message: `Only channel managers can use /papers ${def.name}.` };
  const tooLong = oversizedOption(def, inv.options);
  if (tooLong) return { kind: 'error', message: `${tooLong}\nUsage: /papers ${usageOf(def)}` };
  const parsed = def.schema.safeParse(inv.options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    return { kind: 'error', message: `${problems}\nUsage: /papers ${usageOf(def)}` };
  }
  const log = deps.log.child({ command: def.name, user: inv.user.id, where: `${inv.where.platform}:${inv.where.channel}` });
  try {
    return await def.run(parsed.data, inv, { ...deps, log });
  } catch (err) {
    if (err instanceof UserError) return { kind: 'error', message: err.message };
    if (err instanceof SourceError) {
      log.warn({ err: err.message }, 'papers source failed');
      return { kind: 'error', message: `${err.message}. Please try again in a few minutes.` };
    }
    if (err instanceof StoreUnavailableError) {
      log.warn({ err: err.message }, 'store unavailable');
      return { kind: 'error', message: STORE_DOWN };
    }
    log.error({ err }, 'command failed');
    return { kind: 'error', message: GENERIC_FAILURE };
  }
}
