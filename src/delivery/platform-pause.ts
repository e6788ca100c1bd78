import type { Logger } from '../log.ts';
import type { Platform } from '../model.ts';

/** Why a platform's sending is paused, and when the next probe may go. */
export interface PlatformPause {
  reason: string;
  since: number;
  probeAt: number;
  /** The wait before the probe after this one (doubles up to the cap). */
  nextDelayMs: number;
}

/**
 * Token-wide trouble (revoked token, missing scope…) pauses a platform's sending in this process, once, loudly; no
 * destination is marked failing. While paused, one item at a time goes through as a probe every `probeMs` (doubling
 * to `capMs`); the first probe that is not refused for the token resumes sending (docs/decisions/083).
 */
export class PlatformPauses {
  private readonly paused = new Map<Platform, PlatformPause>();
  private readonly probing = new Set<Platform>();

  constructor(
    private readonly log: Logger,
    private readonly probeMs = 60_000,
    private readonly capMs = 600_000,
    /** Told when a platform pauses (with why) and resumes (undefined), e.g. to show it in `channel show`. */
    private readonly onChange: (platform: Platform, reason: string | undefined) => void = () => {},
  ) {}

  of(platform: Platform): PlatformPause | undefined {
    return this.paused.get(platform);
  }

  /** Whether an item of this platform may start now: always when not paused; one probe at a time when due. */
  admit(platform: Platform, now: number): 'go' | 'probe' | 'wait' {
    const p = this.paused.get(platform);
    if (!p) return 'go';
    if (this.probing.has(platform) || now < p.probeAt) return 'wait';
    this.probing.add(platform);
    return 'probe';
  }

  /** The probe (or an attempt started before the pause) has finished. */
  settled(platform: Platform): void {
    this.probing.delete(platform);
  }

  /** Pauses (or keeps paused, with a longer wait) after a token-wide refusal; returns when the next probe may go. */
  pause(platform: Platform, reason: string, now: number): number {
    const p = this.paused.get(platform);
    if (p) {
      if (now >= p.probeAt) {
        p.probeAt = now + p.nextDelayMs;
        p.nextDelayMs = Math.min(this.capMs, p.nextDelayMs * 2);
        p.reason = reason;
      }
      return p.probeAt;
    }
    const pause = { reason, since: now, probeAt: now + this.probeMs, nextDelayMs: Math.min(this.capMs, this.probeMs * 2) };
    this.paused.set(platform, pause);
    this.onChange(platform, reason);
    this.log.error(
      { platform, reason, probeInMs: this.probeMs },
      `${platform} sending paused: the bot token cannot send (${reason}). No channel was marked failing; delivery resumes by itself once the token works again`,
    );
    return pause.probeAt;
  }

  /** A send went through: sending resumes if it was paused. */
  resume(platform: Platform, now: number): void {
    const p = this.paused.get(platform);
    if (!p) return;
    this.paused.delete(platform);
    this.onChange(platform, undefined);
    this.log.warn({ platform, pausedForMs: now - p.since, reason: p.reason }, `${platform} sending resumed: the bot token works again`);
  }
}
