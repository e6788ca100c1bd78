/**
 * Turn-taking in one process between acknowledgements (Discord's deferral, Slack's ack: what a platform must receive
 * within 3 s) and the command work behind them (docs/decisions/095). Node runs whatever is ready in turn, so under a
 * burst the deferral of the 500th command would wait behind the rendering of the first 499. Here an acknowledgement
 * starts at once and is counted until it is answered; command work asks for a turn first and gets one only when no
 * acknowledgement is under way, one waiting piece per turn of the event loop, so that interactions arriving meanwhile
 * (read from the sockets between two pieces) start their acknowledgements before any more work runs.
 */
export interface Turns {
  /** Sends an acknowledgement at once; command work waits while any is under way. */
  acknowledge<T>(send: () => Promise<T>): Promise<T>;
  /**
   * Resolves when command work may go on: on a later turn of the event loop (after pending I/O was read) once no
   * acknowledgement is under way, or once this piece has waited `maxWaitMs` (work is never starved for good).
   */
  work(): Promise<void>;
  /** Acknowledgements under way. */
  readonly acknowledging: number;
  /** Pieces of work waiting for their turn. */
  readonly waiting: number;
}

export interface TurnsOptions {
  /**
   * Longest a piece of work waits behind acknowledgements (default 3000 ms: Discord's and Slack's acknowledgement
   * deadline; holding work back longer than that saves no interaction, it only delays answers).
   */
  maxWaitMs?: number;
  /** Monotonic clock in ms (tests). */
  clock?: () => number;
}

interface Waiter {
  since: number;
  go: () => void;
}

export function createTurns(opts: TurnsOptions = {}): Turns {
  const maxWaitMs = opts.maxWaitMs ?? 3000;
  const clock = opts.clock ?? (() => performance.now());
  const queue: Waiter[] = [];
  let acknowledging = 0;
  let scheduled = false;
  let timer: NodeJS.Timeout | undefined;

  const schedule = () => {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(release);
  };

  /** Lets the oldest waiting piece go, unless an acknowledgement is under way and it has not waited too long. */
  function release() {
    scheduled = false;
    const next = queue[0];
    if (!next) return;
    const waited = clock() - next.since;
    if (acknowledging > 0 && waited < maxWaitMs) {
      // Woken by the last acknowledgement to finish, or by this timer, whichever comes first.
      timer ??= setTimeout(() => {
        timer = undefined;
        schedule();
      }, maxWaitMs - waited).unref();
      return;
    }
    queue.shift();
    next.go();
    schedule();
  }

  return {
    async acknowledge(send) {
      acknowledging += 1;
      try {
        return await send();
      } finally {
        acknowledging -= 1;
        if (acknowledging === 0) schedule();
      }
    },
    work() {
      return new Promise<void>((go) => {
        queue.push({ since: clock(), go });
        schedule();
      });
    },
    get acknowledging() {
      return acknowledging;
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** Resolves on a later turn of the event loop, after pending I/O was read: long loops call it now and then. */
export const yieldToEventLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
