// Reconnect delays: exponential, capped, with "equal jitter" so that a
// newsroom's worth of browsers does not come back in the same millisecond
// after a server restart.
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, capMs: 15_000 };

/** The delay before reconnect attempt number attempt (0 for the first). */
export function backoffDelay(attempt: number, random: () => number = Math.random, options = defaultBackoff): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
