// Astro configuration: server-rendered portal on the Node adapter, Preact for islands.

import { fileURLToPath } from 'node:url';
import node from '@astrojs/node';
import preact from '@astrojs/preact';
import { defineConfig, envField } from 'astro/config';
import { unusedCss } from './src/lib/build/unused-css.mjs';
import { CSP_DIRECTIVES } from './src/lib/server/http-headers.ts';

/**
 * Makes the built server import src/runtime/startup.ts as it starts. Astro loads pages and
 * middleware lazily, on the first request, and has no startup hook; the email worker must run after a
 * restart whether or not anyone visits. Applies to the Node adapter's entry module only.
 * It also sends stray console output through the JSON logger (src/lib/server/astro-log.ts).
 */
function serverStartup() {
  const startup = fileURLToPath(new URL('./src/runtime/startup.ts', import.meta.url));
  const astroLog = fileURLToPath(new URL('./src/lib/server/astro-log.ts', import.meta.url));
  return {
    name: 'cn:server-startup',
    applyToEnvironment: (environment) => environment.name === 'ssr',
    transform: {
      filter: { id: /[\\/]@astrojs[\\/]node[\\/]dist[\\/]server\.js$/ },
      handler: (code) => ({
        code: `import { routeConsole } from ${JSON.stringify(astroLog)};\nrouteConsole();\nimport ${JSON.stringify(startup)};\n${code}`,
        map: null,
      }),
    },
  };
}

/**
 * The Node adapter's server answers, before it builds a WHATWG Request for Astro: the built client
 * files and cached public pages from memory (src/lib/server/static-files.ts, page-cache-hook.ts).
 * Methods no route serves are answered 405 by the Node adapter's server before it builds a WHATWG
 * Request, which throws on TRACE, TRACK and CONNECT (Astro answered 500 and logged a stack trace);
 * CONNECT, which Node hands to a separate event, too. A server that cannot listen (the port is taken)
 * exits with a message instead of running on silently. The build fails if the adapter's code changed.
 */
function refuseUnservedMethods() {
  const hooks = fileURLToPath(new URL('./src/lib/server/http-requests.ts', import.meta.url));
  const pageCache = fileURLToPath(new URL('./src/lib/server/page-cache-hook.ts', import.meta.url));
  const staticFiles = fileURLToPath(new URL('./src/lib/server/static-files.ts', import.meta.url));
  const replace = (code, from, to) => {
    if (!code.includes(from)) throw new Error(`cn:refuse-methods: @astrojs/node changed; not found: ${from}`);
    return code.replace(from, to);
  };
  return {
    name: 'cn:refuse-methods',
    applyToEnvironment: (environment) => environment.name === 'ssr',
    transform: {
      filter: { id: /[\\/]@astrojs[\\/]node[\\/]dist[\\/]standalone\.js$/ },
      handler: (code) => {
        let out =
          `import { answerClientError as cnAnswerClientError, exitOnListenError as cnExitOnListenError, refuseConnect as cnRefuseConnect, refuseUnservedMethod as cnRefuseUnservedMethod } from ${JSON.stringify(hooks)};\n` +
          `import { serveCached as cnServeCached } from ${JSON.stringify(pageCache)};\n` +
          `import { staticFileServer as cnStaticFileServer } from ${JSON.stringify(staticFiles)};\n` +
          `import { resolveClientDir as cnResolveClientDir } from "./shared.js";\n${code}`;
        out = replace(
          out,
          'const staticHandler = createStaticHandler(app, options, headersMap);',
          'const staticHandler = createStaticHandler(app, options, headersMap);\n  const cnServeStatic = cnStaticFileServer(cnResolveClientDir(options));',
        );
        // Refused methods first; then the built files and cached public pages, from memory; then Astro.
        out = replace(
          out,
          'staticHandler(req, res, () => appHandler(req, res));',
          'if (cnRefuseUnservedMethod(req, res) || cnServeStatic(req, res) || cnServeCached(req, res)) return;\n    staticHandler(req, res, () => appHandler(req, res));',
        );
        out = replace(
          out,
          'enableDestroy(httpServer);',
          'enableDestroy(httpServer);\n  httpServer.on("connect", cnRefuseConnect);\n  httpServer.on("clientError", cnAnswerClientError);\n  httpServer.on("error", cnExitOnListenError);',
        );
        return { code: out, map: null };
      },
    },
  };
}

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
  // Astro's logger writes the server's JSON lines, with no query parameters (src/lib/server/astro-log.ts).
  logger: { entrypoint: './src/lib/server/astro-log.ts' },
  // The portal has no images to transform: Astro's built-in /_image endpoint (which fetches and
  // serves what `href` names) is replaced by one that answers 404 to everything.
  image: { endpoint: { route: '/_image', entrypoint: './src/lib/server/no-image-endpoint.ts' } },
  // Astro 7's default ('jsx') drops whitespace that holds a line break next to an element or an
  // expression, gluing words together ("ask for the BloomsburySafer Neighbourhood team"). `true`
  // collapses whitespace without changing what is rendered.
  compressHTML: true,
  build: {
    // Keep every stylesheet in its own file so the CSP can forbid inline styles.
    inlineStylesheets: 'never',
  },
  vite: {
    plugins: [serverStartup(), refuseUnservedMethods()],
    css: {
      // govuk-frontend keeps two old Internet Explorer hacks (`@media screen and (min-width: 0\0)`)
      // that lightningcss cannot parse: drop those rules instead of failing the build.
      lightningcss: { errorRecovery: true },
      // Rules for govuk-frontend variants no template writes are left out (src/lib/build/unused-css.mjs).
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
      // Email (src/lib/server/email.ts). `secret` access: read at run time, not inlined by the build.
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
