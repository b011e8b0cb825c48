/** The local server's simulated time: the real clock scaled by `speed`, or a manual clock moved only by advance(). */
export class SimClock {
  private readonly realStart = Date.now();
  private offset = 0;
  constructor(private readonly mode: 'real' | 'manual', private readonly startTime: number, private readonly speed: number) {}
  now(): number {
    const elapsed = this.mode === 'real' ? (Date.now() - this.realStart) * this.speed : 0;
    return Math.floor(this.startTime + elapsed + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}
