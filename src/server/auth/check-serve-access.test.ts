import { describe, expect, it } from 'vitest';
import { isLoopback } from './check-serve-access.js';

describe('isLoopback', () => {
  it('accepts only loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST']) {
      expect(isLoopback(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'example.com', '127.0.0.1.evil.com']) {
      expect(isLoopback(host), host).toBe(false);
    }
  });
});
