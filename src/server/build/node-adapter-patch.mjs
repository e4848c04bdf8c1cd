// The build's patch of @astrojs/node (decision record: docs/decisions, "Patching the Node adapter").
// Astro has no hook to run code when the built server starts or before it builds a WHATWG Request,
// so two Vite transforms edit the adapter's own modules as they are bundled:
// - serverStartup: the adapter's dist/server.js imports src/server/runtime/startup.ts (the email worker and
//   jobs must run after a restart whether or not anyone visits) and routes stray console output
//   through the JSON logger (src/server/astro/astro-log.ts);
// - refuseUnservedMethods: the adapter's dist/standalone.js observes every request (request id,
//   metrics), answers refused methods (405), the health endpoints, the built client files and cached
//   public pages from memory before Astro, sends a path that names nothing in the client folder
//   straight to Astro (not through the adapter's look on disk), exits on a taken port, closes refused connections lingering (http-requests.ts), and gives its server the portal's
//   request timeouts (src/server/http/request-timeouts.ts).
// Each edit is anchored on a line of the adapter's code (ANCHORS). If an upgrade changes one, the
// build fails naming it, and src/server/build/node-adapter-patch.test.ts fails first, naming the
// adapter's version, the file and the line.
import { fileURLToPath } from 'node:url';

/** The adapter's files the build edits, as paths inside the package. */
export const PATCHED_FILES = { server: 'dist/server.js', standalone: 'dist/standalone.js' };

/** Lines of the adapter's dist/standalone.js each edit is anchored on, and what they become. */
export const ANCHORS = [
  {
    from: 'const staticHandler = createStaticHandler(app, options, headersMap);',
    to: 'const staticHandler = createStaticHandler(app, options, headersMap);\n  const cnServeStatic = cnStaticFileServer(cnResolveClientDir(options));\n  const cnOnDisk = cnStaticOnDisk(cnResolveClientDir(options));',
  },
  // Every request observed (its id, metrics, the count a shutdown waits for); refused methods first;
  // then the health endpoints; then the built files and cached public pages, from memory; then Astro.
  {
    from: 'staticHandler(req, res, () => appHandler(req, res));',
    to: 'cnObserveRequest(req, res, () => {\n      if (cnRefuseUnservedMethod(req, res) || cnServeHealth(req, res) || cnServeStatic(req, res) || cnServeCached(req, res)) return;\n      if (!cnOnDisk(req.url)) return appHandler(req, res);\n      staticHandler(req, res, () => appHandler(req, res));\n    });',
  },
  {
    from: 'enableDestroy(httpServer);',
    to: 'enableDestroy(httpServer);\n  cnLimitSlowRequests(httpServer);\n  httpServer.on("connect", cnRefuseConnect);\n  httpServer.on("clientError", cnAnswerClientError);\n  httpServer.on("connection", cnLingerBeforeClosing);\n  httpServer.on("error", cnExitOnListenError);\n  httpServer.on("listening", () => cnRecordListening(httpServer));',
  },
];

/** Names the adapter's standalone.js must still import from its own shared.js. */
export const SHARED_IMPORTS = ['resolveClientDir'];

/** dist/standalone.js with the portal's hooks in; throws naming the first anchor no longer found. */
export function patchStandalone(code) {
  const hooks = fileURLToPath(new URL('../http/http-requests.ts', import.meta.url));
  const pageCache = fileURLToPath(new URL('../http/page-cache-hook.ts', import.meta.url));
  const staticFiles = fileURLToPath(new URL('../http/static-files.ts', import.meta.url));
  const listening = fileURLToPath(new URL('../http/listening.ts', import.meta.url));
  const health = fileURLToPath(new URL('../http/health.ts', import.meta.url));
  const observe = fileURLToPath(new URL('../http/observe.ts', import.meta.url));
  const timeouts = fileURLToPath(new URL('../http/request-timeouts.ts', import.meta.url));
  let out =
    `import { answerClientError as cnAnswerClientError, lingerBeforeClosing as cnLingerBeforeClosing, exitOnListenError as cnExitOnListenError, refuseConnect as cnRefuseConnect, refuseUnservedMethod as cnRefuseUnservedMethod } from ${JSON.stringify(hooks)};\n` +
    `import { serveCached as cnServeCached } from ${JSON.stringify(pageCache)};\n` +
    `import { onDisk as cnStaticOnDisk, staticFileServer as cnStaticFileServer } from ${JSON.stringify(staticFiles)};\n` +
    `import { recordListening as cnRecordListening } from ${JSON.stringify(listening)};\n` +
    `import { serveHealth as cnServeHealth } from ${JSON.stringify(health)};\n` +
    `import { observeRequest as cnObserveRequest } from ${JSON.stringify(observe)};\n` +
    `import { limitSlowRequests as cnLimitSlowRequests } from ${JSON.stringify(timeouts)};\n` +
    `import { resolveClientDir as cnResolveClientDir } from "./shared.js";\n${code}`;
  for (const { from, to } of ANCHORS) {
    if (!out.includes(from)) throw new Error(`cn:refuse-methods: @astrojs/node changed; not found: ${from}`);
    out = out.replace(from, to);
  }
  return out;
}

/** dist/server.js with the runtime's start and the console's routing first. */
export function patchServerEntry(code) {
  const startup = fileURLToPath(new URL('../runtime/startup.ts', import.meta.url));
  const astroLog = fileURLToPath(new URL('../astro/astro-log.ts', import.meta.url));
  return `import { routeConsole } from ${JSON.stringify(astroLog)};\nrouteConsole();\nimport ${JSON.stringify(startup)};\n${code}`;
}

/** Vite plugin: the built server imports src/server/runtime/startup.ts as it starts (Astro has no startup hook). */
export function serverStartup() {
  return {
    name: 'cn:server-startup',
    applyToEnvironment: (environment) => environment.name === 'ssr',
    transform: {
      filter: { id: /[\\/]@astrojs[\\/]node[\\/]dist[\\/]server\.js$/ },
      handler: (code) => ({ code: patchServerEntry(code), map: null }),
    },
  };
}

/** Vite plugin: the adapter's server answers refused methods, static files and cached pages first. */
export function refuseUnservedMethods() {
  return {
    name: 'cn:refuse-methods',
    applyToEnvironment: (environment) => environment.name === 'ssr',
    transform: {
      filter: { id: /[\\/]@astrojs[\\/]node[\\/]dist[\\/]standalone\.js$/ },
      handler: (code) => ({ code: patchStandalone(code), map: null }),
    },
  };
}
