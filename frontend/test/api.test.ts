import { describe, expect, it } from 'vitest';
import { ApiError, toApiError, withRetry } from '../src/api/client';
import { IdempotencyKeys, randomUUID } from '../src/api/uuid';

describe('idempotency keys', () => {
  it('reuses the key when the same action is retried and makes a new one for a new action', () => {
    const keys = new IdempotencyKeys();
    const first = keys.keyFor({ title: 'A', text: 'x' });
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys.keyFor({ title: 'A', text: 'x' })).toBe(first);
    const edited = keys.keyFor({ title: 'A', text: 'y' });
    expect(edited).not.toBe(first);
    keys.done();
    expect(keys.keyFor({ title: 'A', text: 'y' })).not.toBe(edited);
  });

  it('makes version 4 UUIDs', () => {
    const seen = new Set(Array.from({ length: 100 }, () => randomUUID()));
    expect(seen.size).toBe(100);
  });
});

describe('API errors', () => {
  it('carries the server message and field', () => {
    const error = toApiError(422, { error: { code: 'invalid', message: 'the prefix does not match', field: 'selectors.quote.prefix' } });
    expect(error).toMatchObject({ status: 422, code: 'invalid', message: 'the prefix does not match', field: 'selectors.quote.prefix' });
  });

  it('says something useful when the body is not the error shape', () => {
    expect(toApiError(502, '<html>Bad gateway</html>').message).toMatch(/502/);
    expect(toApiError(500, null).code).toBe('unknown');
  });
});

describe('withRetry', () => {
  it('tries a create again after a dropped connection, and only then', async () => {
    const keys: string[] = [];
    let calls = 0;
    const result = await withRetry(async () => {
      keys.push('same-key');
      if (calls++ === 0) throw new ApiError(0, 'network', 'offline');
      return 'created';
    }, 0);
    expect(result).toBe('created');
    expect(keys).toEqual(['same-key', 'same-key']);

    let refused = 0;
    await expect(
      withRetry(async () => {
        refused++;
        throw new ApiError(422, 'invalid', 'no');
      }, 0),
    ).rejects.toThrow('no');
    expect(refused).toBe(1);
  });
});
