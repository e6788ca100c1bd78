#!/usr/bin/env node
// `npx paperboy …`: in a development checkout the TypeScript CLI runs through tsx (always the current source); where
// only production dependencies are installed (no tsx), the compiled CLI in dist/ runs instead.
const tsx = await import('tsx/esm/api').catch(() => undefined);
if (tsx) {
  tsx.register();
  await import('./cli.ts');
} else await import('../dist/bin/cli.js');
