// The one way to write an action. A staff action names its permission and input and is its handler
// and nothing else: the wrapper checks the permission (and ward scope) first, opens the database,
// says who is acting, and turns a domain error into the form error people see (action-errors.ts).
// A resident's action (no sign-in) gets the same error mapping from publicAction.
import { type ActionAPIContext, defineAction } from 'astro:actions';
import type { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { Permission } from '../../features/auth/permissions.ts';
import type { StaffUser } from '../../features/auth/session.server.ts';
import { MarkdownPreviewSchema } from '../../features/markdown/markdown-body.schema.ts';
import { type MarkdownOptions, renderMarkdown } from '../../lib/markdown.ts';
import { toActionError } from './action-errors.ts';
import { getDb } from './db.ts';
import { SHOW_FORM_AGAIN } from './form-actions.ts';
import { actorOf, requireStaff, type WardRef } from './staff-auth.ts';

/** Astro's handler type for a form action with this schema (a conditional type TypeScript cannot see through for a generic schema). */
type FormHandler<Schema extends z.ZodType, Output> = Parameters<
  typeof defineAction<Output, 'form', Schema>
>[0]['handler'];

/** What a staff action's handler gets besides its input. */
export interface StaffActionScope {
  db: Db;
  /** The signed-in member whose role holds the permission. */
  user: StaffUser;
  /** The member and their address: what a feature records in the audit log. */
  actor: ReturnType<typeof actorOf>;
  context: ActionAPIContext;
}

export interface StaffActionSpec<Schema extends z.ZodType, Output> {
  permission: Permission;
  input: Schema;
  /**
   * The ward of the record the input names, when the action may only touch records in the
   * member's ward scope: one outside it is refused as not found (NOT_FOUND, `notFound`), as is
   * `null` (no such record). Leave it out where the feature checks the scope itself.
   */
  ward?: (input: z.output<Schema>) => WardRef | null;
  /** The "no such record" message for `ward`'s refusal. */
  notFound?: string;
  handler: (input: z.output<Schema>, scope: StaffActionScope) => Output | Promise<Output>;
}

/** A form action for signed-in staff: `staffAction({ permission, input, handler })`. */
export function staffAction<Schema extends z.ZodType, Output>(spec: StaffActionSpec<Schema, Output>) {
  return defineAction<Output, 'form', Schema>({
    accept: 'form',
    input: spec.input,
    handler: (async (input: z.output<Schema>, context: ActionAPIContext) => {
      const user = requireStaff(context.locals, spec.permission, {
        ward: spec.ward?.(input),
        notFound: spec.notFound,
      });
      try {
        const db = await getDb();
        return await spec.handler(input, { db, user, actor: actorOf(context, user), context });
      } catch (error) {
        return toActionError(error);
      }
    }) as FormHandler<Schema, Output>,
  });
}

/**
 * A staff Markdown body as residents will see it: the public pages' renderer and sanitiser. The body
 * island calls it as the author types; without JavaScript the form's Preview button posts here and
 * the page is shown again with the preview and everything typed. Never an input error (see
 * MarkdownPreviewSchema).
 */
export function markdownPreviewAction(permission: Permission, options?: MarkdownOptions) {
  return staffAction({
    permission,
    input: MarkdownPreviewSchema,
    handler: ({ body }) => ({ html: renderMarkdown(body, options), [SHOW_FORM_AGAIN]: true as const }),
  });
}

/** A form action anyone may call (rate limits and one-time links guard it), with the same error mapping. */
export function publicAction<Schema extends z.ZodType, Output>(spec: {
  input: Schema;
  handler: (input: z.output<Schema>, context: ActionAPIContext) => Output | Promise<Output>;
}) {
  return defineAction<Output, 'form', Schema>({
    accept: 'form',
    input: spec.input,
    handler: (async (input: z.output<Schema>, context: ActionAPIContext) => {
      try {
        return await spec.handler(input, context);
      } catch (error) {
        return toActionError(error);
      }
    }) as FormHandler<Schema, Output>,
  });
}
