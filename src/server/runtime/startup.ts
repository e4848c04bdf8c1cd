// Runs when the built server process starts (astro.config.mjs imports it from the Node adapter's
// entry): checks the configuration and starts the runtime (database, email worker, retention job),
// so queued mail goes out after a restart without waiting for the first request. In `astro dev`
// nothing imports this module; there the middleware starts the runtime on the first request.
// Deferred with setImmediate: the entry module must finish loading (and set up astro:env) first.
setImmediate(() => {
  void (async () => {
    const { emailConfig } = await import('./email-worker.ts');
    const { getAppSecret, publicBaseUrl } = await import('../astro/config.ts');
    const { describeError, log } = await import('../astro/log.ts');
    try {
      emailConfig();
      // With PostgreSQL both are required: found missing now, not at the first resident's form.
      getAppSecret();
      publicBaseUrl();
    } catch (error) {
      log.error('Invalid configuration; not starting', describeError(error));
      process.exit(1);
    }
    const { startServerRuntime } = await import('./server.ts');
    const { DemoAccountsExposedError } = await import('../../features/auth/demo-staff.server.ts');
    try {
      await startServerRuntime();
    } catch (error) {
      if (error instanceof DemoAccountsExposedError) {
        log.error(error.message);
        process.exit(1);
      }
      // Requests will try again; the server still answers pages that need no database.
      log.error('Could not open the database at startup', describeError(error));
    }
  })();
});
