import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../node/logger.ts';
import { astroLogFields, jsonDestination, routeConsole } from './astro-log.ts';

const stack = [
  'Error: Action staff.invite failed: Failed query: insert into "staff_users" ("email", "name") values ($1, $2)',
  'params: jo@example.org,Jo',
  'Bloggs',
  '    at file:///srv/dist/server/virtual_astro_middleware.mjs:181:56',
].join('\n');

function recorder(): { logger: Logger; lines: { level: string; message: string; fields: unknown }[] } {
  const lines: { level: string; message: string; fields: unknown }[] = [];
  const at = (level: string) => (message: string, fields?: unknown) => lines.push({ level, message, fields });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

const original = { ...console };
afterEach(() => {
  Object.assign(console, original);
});

describe("Astro's log lines", () => {
  it('keep the SQL and drop the parameters and everything after them', () => {
    const fields = astroLogFields(stack);
    expect(fields.message).toBe(
      'Error: Action staff.invite failed: Failed query: insert into "staff_users" ("email", "name") values ($1, $2) params: [not logged]',
    );
    expect(JSON.stringify(fields)).not.toMatch(/jo@example|Bloggs/);
  });

  it('keep stack frames apart when there are no parameters, and drop colours', () => {
    const fields = astroLogFields(
      '\u001b[31mTypeError: x\u001b[39m\n    at a (file.js:1:1)\n    at b (file.js:2:2)',
    );
    expect(fields).toEqual({ message: 'TypeError: x', stack: ['at a (file.js:1:1)', 'at b (file.js:2:2)'] });
  });

  it('go to the JSON logger at their level, with their label', () => {
    const { logger, lines } = recorder();
    jsonDestination(logger).write({ label: '@astrojs/node', level: 'info', message: 'Server listening' });
    jsonDestination(logger).write({ label: null, level: 'error', message: stack });
    expect(lines[0]).toEqual({
      level: 'info',
      message: 'Server listening',
      fields: { source: 'astro', label: '@astrojs/node', stack: undefined },
    });
    expect(lines[1]?.level).toBe('error');
    expect(JSON.stringify(lines)).not.toContain('jo@example.org');
  });

  it('console output is routed through the logger too', () => {
    const { logger, lines } = recorder();
    routeConsole(logger);
    console.error(
      'Could not render %s',
      '/x',
      new Error('Failed query: select 1\nparams: secret@example.org'),
    );
    console.log('hello');
    expect(lines.map((l) => l.level)).toEqual(['error', 'info']);
    expect(JSON.stringify(lines)).not.toContain('secret@example.org');
  });
});
