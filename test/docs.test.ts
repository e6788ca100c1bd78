import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../src/config.ts';
import { allCommands } from '../commands/registry.ts';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const envExample = readFileSync(join(root, '.env.example'), 'utf8');
const variables = Object.keys(configSchema.shape);

describe('the documentation tells the truth', () => {
  it.each(variables)('README and .env.example document %s', (name) => {
    expect(readme).toContain(`| \`${name}\` |`);
    expect(envExample).toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it('.env.example is a valid configuration as it stands', () => {
    const env = Object.fromEntries(
      envExample
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(() => loadConfig(env)).not.toThrow();
  });

  it.each(allCommands().map((c) => c.name))('README lists the command %s', (name) => {
    expect(readme).toMatch(new RegExp(`\\| \`${name}( |\`)`));
  });
});
