import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig, type Config } from '../src/config.ts';

/** Reads `.env` (if present) and the environment once; on bad config prints every problem and exits 2. */
export function configOrExit(): Config {
  loadDotenv({ quiet: true });
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable and its default.\n`);
      process.exit(2);
    }
    throw err;
  }
}
