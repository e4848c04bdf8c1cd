// What a form page needs to show itself again after a failed post: an error per field, the
// summary list at the top, and the values the person typed.
import { isInputError } from 'astro:actions';

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
