/** Polls `check` until it returns true (real time, for work that runs on timers); throws with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Lets timers and I/O run for `ms` of real time (used only to show that nothing more happens). */
export const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
