/**
 * Group commit: calls that arrive while a flush is running (or within `maxWaitMs` of the first)
 * are handed to one `flush` together. Each caller gets back its own share of the result.
 * Used where many small writes hit the same hot row (a counter): one statement per group
 * instead of one lock wait per request. Nothing is acknowledged before its flush succeeded.
 */
export class Coalescer<In, Out> {
  private queue: { input: In; resolve: (o: Out) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;

  constructor(
    private readonly flush: (inputs: In[]) => Promise<Out[]>,
    private readonly opts: { maxWaitMs: number; maxItems: number },
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.queue.length >= this.opts.maxItems) this.kick();
      else if (!this.timer && !this.flushing) this.timer = setTimeout(() => this.kick(), this.opts.maxWaitMs);
    });
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing || !this.queue.length) return;
    const group = this.queue.splice(0, this.opts.maxItems);
    this.flushing = true;
    this.flush(group.map((g) => g.input)).then(
      (outs) => group.forEach((g, i) => g.resolve(outs[i]!)),
      (err: unknown) => group.forEach((g) => g.reject(err)),
    ).finally(() => {
      this.flushing = false;
      // whatever queued up meanwhile goes next, at once
      if (this.queue.length) this.kick();
    });
  }
}
