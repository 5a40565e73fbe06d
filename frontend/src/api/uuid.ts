// A random UUID (v4). crypto.randomUUID exists only in secure contexts, and
// a newsroom may well serve Factdesk over plain http on its own network.
export function randomUUID(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One idempotency key per user action: submitting the same body again (a
 * retry) reuses the key, so the server returns the first result instead of
 * creating a duplicate; a changed body is a new action and gets a new key.
 */
export class IdempotencyKeys {
  private body: string | null = null;
  private key = '';

  keyFor(body: unknown): string {
    const json = JSON.stringify(body);
    if (json !== this.body) {
      this.body = json;
      this.key = randomUUID();
    }
    return this.key;
  }

  /** Forgets the key once the action has succeeded. */
  done(): void {
    this.body = null;
  }
}
