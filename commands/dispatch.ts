import { SourceError, StoreUnavailableError, UserError } from '../src/errors.ts';
import type { Reply } from '../src/model.ts';
import type { CommandOutcome } from '../src/observability/metrics.ts';
import { usageOf, type Invocation } from './definition.ts';
import type { CommandDeps } from './deps.ts';
import { oversizedOption, quoteInput } from './input-limits.ts';
import { findCommand } from './registry.ts';

const STORE_DOWN = 'paperboy is temporarily unavailable (its storage is not answering). Please try again in a minute.';
/** What a command arriving while this process shuts down is told (docs/decisions/093). */
export const RESTARTING = 'paperboy is restarting. Please try again in a moment.';
/** What a caller is told when something unexpected failed (it was logged). */
export const GENERIC_FAILURE = 'Something went wrong on our side. It has been logged; please try again in a minute.';

/**
 * Runs one invocation to a Reply. This is the one place where command errors become messages: a UserError or a source
 * failure is shown as it is, bad or oversized options give the usage, anything else is logged once and answered
 * generically. With `deps.metrics`, each run is counted by command and outcome, with its duration. With `deps.turns`,
 * nothing (not even parsing the options) runs before it is the command's turn: acknowledgements under way go first.
 */
export async function runCommand(inv: Invocation, deps: CommandDeps): Promise<Reply> {
  await deps.turns?.work();
  if (!deps.metrics) return (await answer(inv, deps)).reply;
  const started = performance.now();
  const { reply, outcome } = await answer(inv, deps);
  deps.metrics.command(findCommand(inv.command)?.name ?? 'unknown', outcome, (performance.now() - started) / 1000);
  return reply;
}

type Answer = { reply: Reply; outcome: CommandOutcome };
const fail = (outcome: CommandOutcome, message: string): Answer => ({ reply: { kind: 'error', message }, outcome });

async function answer(inv: Invocation, deps: CommandDeps): Promise<Answer> {
  if (deps.stopping?.()) return fail('restarting', RESTARTING);
  const def = findCommand(inv.command);
  if (!def) return fail('unknown_command', `Unknown command ${quoteInput(inv.command)}. Try /papers help.`);
  if (def.privileged && !inv.user.canManageChannel) return fail('forbidden', `Only channel managers can use /papers ${def.name}.`);
  const tooLong = oversizedOption(def, inv.options);
  if (tooLong) return fail('invalid', `${tooLong}\nUsage: /papers ${usageOf(def)}`);
  const parsed = def.schema.safeParse(inv.options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    return fail('invalid', `${problems}\nUsage: /papers ${usageOf(def)}`);
  }
  const log = deps.log.child({ command: def.name, user: inv.user.id, where: `${inv.where.platform}:${inv.where.channel}` });
  try {
    const reply = await def.run(parsed.data, inv, { ...deps, log });
    return { reply, outcome: reply.kind === 'error' ? 'error_reply' : 'ok' };
  } catch (err) {
    if (err instanceof UserError) return fail('user_error', err.message);
    if (err instanceof SourceError) {
      log.warn({ err: err.message }, 'papers source failed');
      return fail('source_error', `${err.message}. Please try again in a few minutes.`);
    }
    if (err instanceof StoreUnavailableError) {
      log.warn({ err: err.message }, 'store unavailable');
      return fail('store_unavailable', STORE_DOWN);
    }
    log.error({ err }, 'command failed');
    return fail('failed', GENERIC_FAILURE);
  }
}
