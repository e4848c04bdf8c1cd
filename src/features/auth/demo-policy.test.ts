import { describe, expect, it } from 'vitest';
import { DEMO_REMOVE_COMMAND, demoAccountsMessage, demoAccountsRefusal } from './demo-policy.ts';

describe('demo accounts', () => {
  it('may be served on loopback only, outside production', () => {
    for (const HOST of [undefined, '127.0.0.1', '::1', '[::1]', 'localhost', 'LOCALHOST']) {
      expect(demoAccountsRefusal({ HOST }), String(HOST)).toBeNull();
    }
    for (const HOST of ['0.0.0.0', '::', '192.168.1.10', 'portal.example.org', 'true']) {
      expect(demoAccountsRefusal({ HOST }), HOST).toMatch(/beyond this computer/);
    }
    expect(demoAccountsRefusal({ NODE_ENV: 'production', HOST: '127.0.0.1' })).toMatch(/production/);
  });
  it('are refused with a message that says how to remove them', () => {
    expect(demoAccountsMessage('NODE_ENV is production', ['demo-admin@example.org'])).toContain(
      DEMO_REMOVE_COMMAND,
    );
  });
});
