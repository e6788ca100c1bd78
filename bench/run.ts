import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm run bench`: runs every `bench/*.bench.ts` (each exports `run(): Promise<void>` and prints its own table, with a
 * baseline measured in the same run). `npm run bench -- votes` runs only the files whose name contains "votes".
 */
const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((w) => f.includes(w)))
  .sort();
console.log(`paperboy benchmarks · node ${process.version} · ${new Date().toISOString()}\n`);
for (const f of files) {
  console.log(`## ${f.replace('.bench.ts', '')}`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run: () => Promise<void> };
  await mod.run();
  console.log('');
}
process.exit(0);
