import { REST } from 'discord.js';
import { buildCommandTree } from '../adapters/discord/command-tree.ts';
import { fetchApplicationId, registerCommands } from '../adapters/discord/register.ts';
import { allCommands } from '../commands/registry.ts';
import { configOrExit } from './load-config.ts';

/**
 * `npm run register:discord`: registers the `/papers` command tree with Discord, in DISCORD_GUILD_ID (instant) or
 * globally. REST only, no gateway login. Safe to run again: it replaces the whole set.
 */
const config = configOrExit();
if (!config.DISCORD_TOKEN) {
  process.stderr.write('DISCORD_TOKEN is not set: put the bot token in .env (see .env.example).\n');
  process.exit(2);
}
const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
const tree = buildCommandTree(allCommands());
try {
  const appId = await fetchApplicationId(rest);
  const result = await registerCommands(rest, appId, [tree], config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {});
  const where = result.scope === 'global' ? 'globally (may take up to an hour to appear)' : `in guild ${result.scope.guild}`;
  const subcommands = (tree.options ?? []).map((o) => o.name).join(', ');
  process.stdout.write(`Registered /${tree.name} ${where}: ${subcommands}\n`);
} catch (err) {
  process.stderr.write(`Registration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
