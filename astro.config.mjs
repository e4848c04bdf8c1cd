// Astro configuration: server-rendered portal on the Node adapter, Preact for islands.

import { fileURLToPath } from 'node:url';
import node from '@astrojs/node';
import preact from '@astrojs/preact';
import { defineConfig, envField } from 'astro/config';
import { islandCopies } from './src/server/build/island-copies.mjs';
import { refuseUnservedMethods, serverStartup } from './src/server/build/node-adapter-patch.mjs';
import { unusedCss } from './src/server/build/unused-css.mjs';
import { CSP_DIRECTIVES } from './src/server/http/http-headers.ts';

export default defineConfig({
  output: 'server',
  adapter: node({
    mode: 'standalone',
    // The adapter's default is 1 GB. No form on the portal needs more than a few kilobytes.
    bodySizeLimit: 256 * 1024,
  }),
  integrations: [preact()],
  server: { port: 4321, host: true },
  security: {
    // The same check runs in src/middleware.ts (originCheck), which can exempt the RFC 8058 one-click
    // unsubscribe endpoint: Astro's has no per-route opt-out and would refuse mail providers' POSTs.
    checkOrigin: false,
    actionBodySizeLimit: 64 * 1024,
    // Astro sends the policy as a response header on every page it renders, with script-src and
    // style-src listing 'self' plus the hash of each inline script and style on that page (an
    // island's hydration script). The middleware sends the same directives where Astro does not.
    csp: { directives: [...CSP_DIRECTIVES] },
  },
  devToolbar: { enabled: false },
  // Astro's logger writes the server's JSON lines, with no query parameters (src/server/astro/astro-log.ts).
  logger: { entrypoint: './src/server/astro/astro-log.ts' },
  // The portal has no images to transform: Astro's built-in /_image endpoint (which fetches and
  // serves what `href` names) is replaced by one that answers 404 to everything.
  image: { endpoint: { route: '/_image', entrypoint: './src/server/astro/no-image-endpoint.ts' } },
  // Astro 7's default ('jsx') drops whitespace that holds a line break next to an element or an
  // expression, gluing words together ("ask for the BloomsburySafer Neighbourhood team"). `true`
  // collapses whitespace without changing what is rendered.
  compressHTML: true,
  build: {
    // Keep every stylesheet in its own file so the CSP can forbid inline styles.
    inlineStylesheets: 'never',
  },
  vite: {
    plugins: [
      serverStartup(),
      refuseUnservedMethods(),
      islandCopies(fileURLToPath(new URL('./src/', import.meta.url))),
    ],
    css: {
      // govuk-frontend keeps two old Internet Explorer hacks (`@media screen and (min-width: 0\0)`)
      // that lightningcss cannot parse: drop those rules instead of failing the build.
      lightningcss: { errorRecovery: true },
      // Rules for govuk-frontend variants no template writes are left out (src/server/build/unused-css.mjs).
      postcss: {
        plugins: [
          unusedCss({
            root: fileURLToPath(new URL('.', import.meta.url)),
            dirs: ['src'],
            families: { 'src/components/form/Choices.astro': ['govuk-radios', 'govuk-checkboxes'] },
          }),
        ],
      },
      preprocessorOptions: {
        scss: { loadPaths: ['node_modules'], quietDeps: true },
      },
    },
  },
  env: {
    schema: {
      DATABASE_URL: envField.string({ context: 'server', access: 'secret', optional: true }),
      PGLITE_DATA_DIR: envField.string({ context: 'server', access: 'secret', optional: true }),
      // 32 random bytes, base64. Required with DATABASE_URL; generated beside the embedded database otherwise.
      APP_SECRET: envField.string({ context: 'server', access: 'secret', optional: true }),
      // The portal's public address, for links in emails. Required with DATABASE_URL.
      // (Server variables with `public` access are fixed at build time: these are read at run time.)
      PUBLIC_BASE_URL: envField.string({ context: 'server', access: 'secret', optional: true, url: true }),
      // Reverse proxies in front of the portal that append to X-Forwarded-For (0: none, use the connection).
      TRUSTED_PROXIES: envField.number({
        context: 'server',
        access: 'secret',
        int: true,
        min: 0,
        max: 5,
        default: 0,
      }),
      LOG_LEVEL: envField.enum({
        context: 'server',
        access: 'secret',
        values: ['debug', 'info', 'warn', 'error'],
        default: 'info',
      }),
      // Email (src/server/node/email-transport.ts). `secret` access: read at run time, not inlined by the build.
      RESEND_API_KEY: envField.string({ context: 'server', access: 'secret', optional: true }),
      RESEND_BASE_URL: envField.string({ context: 'server', access: 'secret', optional: true, url: true }),
      EMAIL_FROM: envField.string({ context: 'server', access: 'secret', optional: true }),
      RESEND_WEBHOOK_SECRET: envField.string({ context: 'server', access: 'secret', optional: true }),
      EMAIL_RATE_LIMIT_PER_SECOND: envField.number({
        context: 'server',
        access: 'secret',
        optional: true,
        gt: 0,
        max: 1000,
      }),
      // How long a worker holds claimed email before another may take it over (default 120).
      EMAIL_LEASE_SECONDS: envField.number({
        context: 'server',
        access: 'secret',
        optional: true,
        int: true,
        min: 4,
        max: 3600,
      }),
      // Prometheus metrics on a port of their own (off when unset), on METRICS_HOST (default 127.0.0.1).
      METRICS_PORT: envField.number({
        context: 'server',
        access: 'secret',
        optional: true,
        int: true,
        min: 0,
        max: 65535,
      }),
      METRICS_HOST: envField.string({ context: 'server', access: 'secret', optional: true }),
      EMAIL_WORKER: envField.enum({
        context: 'server',
        access: 'secret',
        values: ['on', 'off'],
        optional: true,
      }),
    },
    validateSecrets: true,
  },
});
