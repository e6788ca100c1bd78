import { Routes, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

export interface RegisterOptions {
  /** Register in this guild only (takes effect at once); globally otherwise. */
  guildId?: string;
  /** Read what is registered first and write only when it differs (for registration at every start). */
  onlyIfChanged?: boolean;
}

export interface RegisterResult {
  scope: 'global' | { guild: string };
  /** False when the registered commands were already these. */
  written: boolean;
  commands: string[];
}

/** The application id of the bot the REST client's token belongs to. */
export async function fetchApplicationId(rest: REST): Promise<string> {
  const app = (await rest.get(Routes.currentApplication())) as { id: string };
  return app.id;
}

/** The fields of a command or option that registration decides; Discord adds ids, versions and defaults. */
function canonical(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(canonical);
  if (typeof x !== 'object' || x === null) return x;
  const o = x as Record<string, unknown>;
  const keys = ['type', 'name', 'description', 'required', 'choices', 'value', 'min_value', 'max_value', 'min_length',
    'max_length', 'autocomplete', 'options', 'contexts', 'integration_types'];
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = o[k];
    if (v === undefined || v === null || v === false || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = canonical(v);
  }
  return out;
}

export const sameCommands = (a: unknown[], b: unknown[]): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** Replaces the bot's commands (guild or global) with `commands`. PUT replaces the whole set, so this is idempotent. */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  commands: CommandJson[],
  opts: RegisterOptions = {},
): Promise<RegisterResult> {
  const route = opts.guildId ? Routes.applicationGuildCommands(applicationId, opts.guildId) : Routes.applicationCommands(applicationId);
  const scope = opts.guildId ? { guild: opts.guildId } : ('global' as const);
  const names = commands.map((c) => c.name);
  if (opts.onlyIfChanged) {
    const current = (await rest.get(route)) as unknown[];
    if (sameCommands(current, commands)) return { scope, written: false, commands: names };
  }
  await rest.put(route, { body: commands });
  return { scope, written: true, commands: names };
}
