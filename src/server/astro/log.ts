// The server's logger, at LOG_LEVEL. See logger.ts for the format and the redaction of secrets.
import { LOG_LEVEL } from 'astro:env/server';
import { createLogger } from '../node/logger.ts';

export { describeError, redact } from '../node/logger.ts';

export const log = createLogger(LOG_LEVEL);
