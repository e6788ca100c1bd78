/** An error whose message is safe to show to a user as it is. */
export class UserError extends Error {
  override name = 'UserError';
}

/** The papers source failed: unreachable, timed out, or answered garbage. */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'bad-response' | 'not-found',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The store did not answer (connection lost, timed out). Callers answer "temporarily unavailable" instead of hanging. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
