/** Issue 21: a session's device as a short name, not the whole User-Agent. */
import { describe, expect, it } from 'vitest';
import { deviceName, MAX_DEVICE_LENGTH } from '../../server/domain/device.js';

describe('deviceName', () => {
  it.each([
    ['Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome on Android'],
    ['Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari on iPad'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'Edge on Windows'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Linux'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Safari on macOS'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', 'Chrome on Linux'],
    ['curl/8.5.0', 'curl'],
  ])('names %s', (agent, name) => {
    expect(deviceName(agent)).toBe(name);
  });

  it('cuts an unknown agent short and drops control characters; none is null', () => {
    const name = deviceName(`x\u0000y${'z'.repeat(500)}`);
    expect(name).toHaveLength(MAX_DEVICE_LENGTH);
    expect(name?.startsWith('xyz')).toBe(true);
    expect(deviceName(undefined)).toBeNull();
    expect(deviceName('   ')).toBeNull();
  });
});
