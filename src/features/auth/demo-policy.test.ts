import { describe, expect, it } from 'vitest';
import { DEMO_REMOVE_COMMAND, demoAccountsMessage, demoAccountsRefusal } from './demo-policy.ts';

describe('demo accounts', () => {
  it('may be served on loopback only, outside production', () => {
    for (const HOST of ['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost', 'LOCALHOST']) {
      expect(demoAccountsRefusal({ HOST }), String(HOST)).toBeNull();
    }
    for (const HOST of ['0.0.0.0', '::', '192.168.1.10', 'portal.example.org', 'true']) {
      expect(demoAccountsRefusal({ HOST }), HOST).toMatch(/beyond this computer/);
    }
    expect(demoAccountsRefusal({ NODE_ENV: 'production', HOST: '127.0.0.1' })).toMatch(/production/);
  });
  // Security review 2, item 6: with HOST unset the server listens on 0.0.0.0 (server.host: true).
  it('are refused with HOST unset, and judged by the address really bound when it is known', () => {
    expect(demoAccountsRefusal({})).toMatch(/every interface/);
    expect(demoAccountsRefusal({ HOST: '' })).toMatch(/every interface/);
    expect(demoAccountsRefusal({}, '127.0.0.1')).toBeNull();
    expect(demoAccountsRefusal({}, '::1')).toBeNull();
    expect(demoAccountsRefusal({}, '::')).toMatch(/beyond this computer/);
    expect(demoAccountsRefusal({ HOST: 'localhost' }, '0.0.0.0')).toMatch(/0\.0\.0\.0, beyond/);
    expect(demoAccountsRefusal({ HOST: 'my-laptop.local' }, '127.0.0.1')).toBeNull();
  });
  it('are refused with a message that says how to remove them', () => {
    expect(demoAccountsMessage('NODE_ENV is production', ['demo-admin@example.org'])).toContain(
      DEMO_REMOVE_COMMAND,
    );
  });
});
