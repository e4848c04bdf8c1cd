// The plain rules every resident form's fields share, written once for the server's schemas and
// the islands alike: free text cleaned and held to a limit, a required field's message, one of a
// list, an email address and a phone number. Plain functions, not zod: zod/mini alone would take
// 7.4 KB gzip of the 12 KB an island page may ship (docs/architecture.md, "Islands").

/** A form field as a step receives it: its text, or null/undefined when the form did not send it. */
export type FieldInput = Record<string, string | null | undefined>;
/** What is wrong, as [field name, message], in the page's order. */
export type Problems = [string, string][];
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problems };
/** A field's limit and the message when over it. */
export type TextLimits = Record<string, [max: number, tooLong: string]>;

export const EMAIL_FORMAT_MESSAGE = 'Enter an email address in the correct format, like name@example.com';
/**
 * The outbox's rule for an address (zod's `z.email()`, which `EmailAddressSchema` applies), written
 * out shorter so the islands need no zod: a form that accepted an address the outbox then refuses
 * would fail as it sends (src/features/email/email-pattern.test.ts holds the two together).
 */
export const EMAIL_PATTERN = /^(?:[\w'+-]+\.)*[\w'+-]*[\w+-]@(?:[a-z\d][a-z\d-]*\.)+[a-z]{2,}$/i;
export const PHONE_PATTERN = /^\+?[\d\s()-]{7,}$/;

/** Free text as it is kept: line breaks as \n (browsers send \r\n), no surrounding space. */
export function cleanText(v: string | null | undefined): string {
  return (v ?? '').replace(/\r\n?/g, '\n').trim();
}

/**
 * A posted field without the control characters nobody types (in a name, one would break the subject
 * of an email that quotes it); line breaks and tabs stay. The server's schemas apply it to every
 * resident's field before the step's rules (`formField`); the islands need not, so it is not in
 * cleanText (each island's page has a 12 KB budget).
 */
export function withoutControls(v: string): string {
  return v.replace(/[^\P{Cc}\n\t\r]/gu, '');
}

/** Reads a step's fields, noting what is wrong with each (the first problem of a field wins). */
export function formReader(input: FieldInput, limits: TextLimits) {
  const problems: Problems = [];
  const fail = (name: string, message: string) => {
    if (!problems.some(([n]) => n === name)) problems.push([name, message]);
  };
  /** A text field, cleaned; `required` is the message when it is empty. */
  const text = (name: string, required?: string): string => {
    const v = cleanText(input[name]);
    const limit = limits[name];
    if (limit && v.length > limit[0]) fail(name, limit[1]);
    else if (!v && required) fail(name, required);
    return v;
  };
  const oneOf = <T extends string>(name: string, options: readonly T[], message: string): T => {
    const v = input[name] as T;
    if (!options.includes(v)) fail(name, message);
    return v;
  };
  const done = <T>(value: T): Checked<T> => (problems.length ? { ok: false, problems } : { ok: true, value });
  return { text, oneOf, fail, done };
}
