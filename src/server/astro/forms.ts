// What a form page needs to show itself again after a failed post: an error per field, the
// summary list at the top, and the values the person typed.
import { isInputError } from 'astro:actions';
import type { z } from 'zod';

export interface FormState {
  /** Field name → its first error message. */
  errors: Record<string, string>;
  /** Links for the error summary, in field order. */
  summary: { href: string; text: string }[];
  /** The value typed into a field, if the form is being shown again. */
  value(name: string): string | undefined;
  values(name: string): string[];
  hasErrors: boolean;
}

type Result = { error?: unknown } | undefined;

/**
 * @param fieldOrder the form's fields in page order, so the summary lists errors in that order.
 * @param generalField the field a non-field error (e.g. "wrong password") points at.
 */
export function formState(
  result: Result,
  input: Record<string, string | string[]> | undefined,
  fieldOrder: string[],
  generalField?: string,
): FormState {
  const errors: Record<string, string> = {};
  const summary: { href: string; text: string }[] = [];
  const error = result?.error;
  if (error && isInputError(error)) {
    const fields = error.fields as Record<string, string[] | undefined>;
    for (const name of [...fieldOrder, ...Object.keys(fields)]) {
      const message = fields[name]?.[0];
      if (message && !(name in errors)) {
        errors[name] = message;
        summary.push({ href: `#${name}`, text: message });
      }
    }
  } else if (error instanceof Error) {
    const target = generalField ?? fieldOrder[0] ?? 'main-content';
    if (generalField) errors[target] = error.message;
    summary.push({ href: `#${target}`, text: error.message });
  }
  const value = (name: string): string | undefined => {
    const v = input?.[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const values = (name: string): string[] => {
    const v = input?.[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  return { errors, summary, value, values, hasErrors: summary.length > 0 };
}

export interface QueryState<T> {
  /** The parsed query, or null when a field is wrong (show the errors and no results). */
  data: T | null;
  /** Field name → its first error message. */
  errors: Record<string, string>;
  /** Links for the error summary, in the query's field order. */
  summary: { href: string; text: string }[];
  /** What the query string said for a field, to show it again. */
  value(name: string): string;
  /** The fields read: what links to other pages of the results keep (Pagination's `keep`). */
  fields: readonly string[];
  hasErrors: boolean;
}

/**
 * For GET forms (filters): the query string parsed with a zod object schema, with per-field errors
 * and the values as typed, to re-render the filter. Only the schema's own fields are read.
 */
export function queryState<S extends z.ZodObject | z.ZodPipe<z.ZodObject>>(
  schema: S,
  url: URL,
): QueryState<z.output<S>> {
  const shape = 'shape' in schema ? schema.shape : (schema.in as z.ZodObject).shape;
  const names = Object.keys(shape);
  const raw = Object.fromEntries(names.map((n) => [n, url.searchParams.get(n) ?? undefined]));
  const parsed = schema.safeParse(raw);
  const errors: Record<string, string> = {};
  const summary: { href: string; text: string }[] = [];
  if (!parsed.success) {
    const issues = [...parsed.error.issues].sort(
      (a, b) => names.indexOf(String(a.path[0])) - names.indexOf(String(b.path[0])),
    );
    for (const issue of issues) {
      const name = String(issue.path[0] ?? names[0] ?? 'main-content');
      if (name in errors) continue;
      errors[name] = issue.message;
      summary.push({ href: `#${name}`, text: issue.message });
    }
  }
  return {
    data: parsed.success ? (parsed.data as z.output<S>) : null,
    errors,
    summary,
    value: (name) => url.searchParams.get(name) ?? '',
    fields: names,
    hasErrors: summary.length > 0,
  };
}
