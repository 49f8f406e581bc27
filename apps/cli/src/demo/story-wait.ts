export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads until `read` gives a value (the worker applies webhooks and sends transfers a moment after
 * the API answered); fails naming `what` after `timeoutMs`.
 */
export async function pollUntil<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`still waiting for ${what} after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}
