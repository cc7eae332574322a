/**
 * Group commit, and batched reads: calls that arrive while `maxInFlight` flushes are running
 * (or within `maxWaitMs` of the first) are handed to one `flush` together. Each caller gets back
 * its own share of the result.
 * - Writes: many small writes to the same hot row (a counter) become one statement per group
 *   instead of one lock wait per request; one flush at a time, a short wait to gather a group.
 *   Nothing is acknowledged before its flush succeeded.
 * - Reads (`maxWaitMs: 0`): a call is flushed at once while fewer than `maxInFlight` flushes
 *   run, so an idle system adds no wait; under load the calls queued behind them go out as one
 *   query, which pays the per-query cost (client and server) once for the group.
 */
export class Coalescer<In, Out> {
  private queue: { input: In; resolve: (o: Out) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly maxInFlight: number;

  constructor(
    private readonly flush: (inputs: In[]) => Promise<Out[]>,
    private readonly opts: { maxWaitMs: number; maxItems: number; maxInFlight?: number },
  ) {
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 1);
  }

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.queue.length >= this.opts.maxItems || this.opts.maxWaitMs <= 0) this.kick();
      else if (!this.timer && this.inFlight < this.maxInFlight) this.timer = setTimeout(() => this.kick(), this.opts.maxWaitMs);
    });
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight >= this.maxInFlight || !this.queue.length) return;
    const group = this.queue.splice(0, this.opts.maxItems);
    this.inFlight++;
    let flushed: Promise<Out[]>;
    try {
      flushed = this.flush(group.map((g) => g.input));
    } catch (err) {
      flushed = Promise.reject(err);
    }
    flushed
      .then(
        (outs) => group.forEach((g, i) => g.resolve(outs[i]!)),
        (err: unknown) => group.forEach((g) => g.reject(err)),
      )
      .finally(() => {
        this.inFlight--;
        // whatever queued up meanwhile goes next, at once
        if (this.queue.length) this.kick();
      });
  }
}
