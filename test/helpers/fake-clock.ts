/** A clock tests set by hand: `clock.fn` is what the code under test calls. */
export class FakeClock {
  private ms: number;
  constructor(iso: string) {
    this.ms = Date.parse(iso);
  }
  readonly fn = (): Date => new Date(this.ms);
  get now(): Date {
    return new Date(this.ms);
  }
  set(iso: string): Date {
    this.ms = Date.parse(iso);
    return this.now;
  }
  advance(ms: number): Date {
    this.ms += ms;
    return this.now;
  }
}
