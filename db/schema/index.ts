// Every table, for drizzle-kit and for the typed client.
export * from './action-plan.ts';
export * from './audit.ts';
export * from './concerns.ts';
export * from './drafts.ts';
export * from './email.ts';
export * from './events.ts';
export * from './newsletters.ts';
export * from './panels.ts';
export * from './performance.ts';
export * from './places.ts';
export * from './priorities.ts';
export * from './rate-limits.ts';
export * from './secrets.ts';
export * from './staff.ts';
export * from './votes.ts';
