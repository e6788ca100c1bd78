/**
 * A timeout that yields to I/O before it fires. After a pause (SIGSTOP, a swapped host) Node runs every expired timer
 * before it reads the sockets, so a plain timeout would call "no answer" an operation whose answer is already waiting;
 * this one lets the event loop read what has arrived first (two check-phase hops after the timer), and only then fires.
 */
export function startLateTimer(ms: number, fire: () => void): () => void {
  let stopped = false;
  const timer = setTimeout(() => setImmediate(() => setImmediate(() => stopped || fire())), ms);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
