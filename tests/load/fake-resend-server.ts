// The fake Resend server as a process of its own, for the benchmark: a real provider does not share
// the worker's event loop. Prints its URL on the first line of stdout; GET /_fake/stats gives counts.
// Env: FAKE_RESEND_RATE (requests/s, default 2).
import { startFakeResend } from '../helpers/fake-resend.ts';

const fake = await startFakeResend({
  ratePerSecond: Number(process.env.FAKE_RESEND_RATE || 2),
  keepBodies: false,
});
process.stdout.write(`${fake.url}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
