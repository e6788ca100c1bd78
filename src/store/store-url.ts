/**
 * Parses a STORE_URL. A malformed one fails with a message that names the scheme only: Node's own URL error carries the
 * whole input (`input: 'redis://:password@…'`), which would print the password at start-up.
 */
export function parseStoreUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new Error(`STORE_URL is not a valid URL (scheme "${url.split(':')[0]}"; the value is not repeated: it may hold a password)`);
  }
}

