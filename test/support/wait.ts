/** Polls `probe` every 100 ms until it gives a value, or throws after `ms`. */
export const waitFor = async <T>(probe: () => Promise<T | undefined | null | false>, ms: number): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
