/**
 * Polls `probe` until it returns something truthy (which it then returns), for what happens in
 * another process or after a commit (a worker's job, an email). The timeout only bounds a failing
 * test; nothing is asserted about how long it took.
 */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
