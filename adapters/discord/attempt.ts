/** A settled piece of work: its value, or the error it failed with. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * The Discord adapter's one place that catches. Every failure becomes a value, and each caller says what it means:
 * an interaction logs it and tells the user, the sender maps it to a send outcome, a vote reaction logs it.
 */
export async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}
