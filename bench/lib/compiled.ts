import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled variant of a benchmark's child script: the whole project (with `bench/` and the fakes) compiled once per
 * bench run by `tsc -p tsconfig.bench.json` into `.bench-dist/`, the same compiler settings as `npm run build`. Run the
 * returned `.js` with plain `node` to measure what `npm start` runs, beside the same script under tsx.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = resolve(root, '.bench-dist');
let built = false;

export function compiledScript(tsFile: string): string {
  if (!built) {
    execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', resolve(root, 'tsconfig.bench.json')], {
      cwd: root,
      stdio: 'inherit',
    });
    built = true;
  }
  const path = tsFile.startsWith('file:') ? fileURLToPath(tsFile) : tsFile;
  return resolve(outDir, relative(root, path)).replace(/\.ts$/, '.js');
}

/**
 * The node flags of `npm start` (package.json's start script, `node <flags> dist/bin/start.js`; the Dockerfile's CMD has
 * the same, `test/build.test.ts` checks): what a compiled benchmark child of paperboy runs with.
 */
export function startFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const flags = /\bnode((?: --?[\w-]+(?:=\S+)?)*) dist\/bin\/start\.js/.exec(scripts.start ?? '')?.[1];
  if (flags === undefined) throw new Error(`package.json's start script is not "node [flags] dist/bin/start.js": ${scripts.start}`);
  return flags.split(' ').filter(Boolean);
}
