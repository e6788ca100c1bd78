/**
 * Builds `dist/` once before any test file runs. Several suites start the bot with `npm start`, whose `prestart` runs
 * the incremental build: on a clean clone, two of them in parallel workers would both write every file of `dist/` while
 * a third process may be reading it. Built here first, their builds find nothing to emit.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function buildOnce(): void {
  const root = join(import.meta.dirname, '..');
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
