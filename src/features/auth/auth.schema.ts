// Input schemas for sign-in, set-up, reset and account forms. Messages follow the GOV.UK style.
import { z } from 'zod';
import { checkPassword, PASSWORD_MESSAGES } from './password.ts';
import { ROLES } from './permissions.ts';
import { normaliseRecoveryCode } from './tokens.ts';

const email = z
  .string({ error: 'Enter your email address' })
  .trim()
  .min(1, { error: 'Enter your email address' })
  .max(254, { error: 'Email address must be 254 characters or fewer' })
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.com' }));

export const LoginSchema = z.object({
  email,
  password: z.string({ error: 'Enter your password' }).min(1, { error: 'Enter your password' }).max(1024),
  next: z.string().max(500).nullish(),
});

export const CodeSchema = z.object({
  code: z
    .string({ error: 'Enter the 6-digit code from your authenticator app' })
    .trim()
    .regex(/^\d{3}\s?\d{3}$/, { error: 'Enter the 6-digit code from your authenticator app' }),
  next: z.string().max(500).nullish(),
});

export const RecoveryCodeSchema = z.object({
  code: z
    .string({ error: 'Enter one of your recovery codes' })
    .trim()
    .max(60, { error: 'Enter a recovery code, like abcd-efgh-ijkl-mnop-qrst-uvwx' })
    .refine((code) => /^(?:[a-z2-7]{10}|[a-z2-7]{24})$/.test(normaliseRecoveryCode(code)), {
      error: 'Enter a recovery code, like abcd-efgh-ijkl-mnop-qrst-uvwx',
    }),
  next: z.string().max(500).nullish(),
});

/** A new password and its confirmation, checked against the password rules. */
export function newPasswordFields(context: { email?: string } = {}) {
  return z
    .object({
      password: z.string({ error: 'Enter a new password' }).min(1, { error: 'Enter a new password' }),
      confirmPassword: z
        .string({ error: 'Confirm your new password' })
        .min(1, { error: 'Confirm your new password' }),
    })
    .superRefine((v, ctx) => {
      const problem = checkPassword(v.password, context);
      if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_MESSAGES[problem] });
      else if (v.password !== v.confirmPassword) {
        ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The passwords do not match' });
      }
    });
}

export const NewPasswordSchema = newPasswordFields();

export const EnrolTotpSchema = z.object({
  key: z
    .string()
    .regex(/^[A-Z2-7]{32}$/, { error: 'The set-up key has expired: reload the page and try again' }),
  code: CodeSchema.shape.code,
});

/** A form whose only field is where to go next (checked by safeNext). */
export const NextSchema = z.object({ next: z.string().max(500).nullish() });

export const ForgotPasswordSchema = z.object({ email });

export const ChangePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: 'Enter your current password' })
      .min(1, { error: 'Enter your current password' }),
    password: z.string({ error: 'Enter a new password' }).min(1, { error: 'Enter a new password' }),
    confirmPassword: z
      .string({ error: 'Confirm your new password' })
      .min(1, { error: 'Confirm your new password' }),
  })
  .superRefine((v, ctx) => {
    const problem = checkPassword(v.password);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_MESSAGES[problem] });
    else if (v.password !== v.confirmPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The passwords do not match' });
    }
  });

export const ReEnrolTotpSchema = z.object({
  currentPassword: z
    .string({ error: 'Enter your current password' })
    .min(1, { error: 'Enter your current password' }),
  currentCode: z
    .string({ error: 'Enter a code from your current authenticator app' })
    .trim()
    .regex(/^\d{3}\s?\d{3}$/, { error: 'Enter a code from your current authenticator app' }),
  key: EnrolTotpSchema.shape.key,
  code: z
    .string({ error: 'Enter a code from the new authenticator entry' })
    .trim()
    .regex(/^\d{3}\s?\d{3}$/, { error: 'Enter a code from the new authenticator entry' }),
});

export const EndSessionSchema = z.object({ sessionId: z.string().regex(/^[0-9a-f]{64}$/) });

const name = z
  .string({ error: 'Enter their full name' })
  .trim()
  .min(1, { error: 'Enter their full name' })
  .max(100, { error: 'Name must be 100 characters or fewer' });

// An array schema, so Astro reads every checked box (FormData.getAll), none giving [].
const wardSlugs = z
  .array(z.string().regex(/^[a-z0-9-]{1,80}$/))
  .max(40)
  .default([]);

const role = z.enum(ROLES, { error: 'Choose a role' });

export const InviteSchema = z.object({ email, name, role, wards: wardSlugs }).superRefine((v, ctx) => {
  if (v.role === 'ward_officer' && v.wards.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['wards'], message: 'Choose at least one ward for a ward officer' });
  }
});

export const UpdateStaffSchema = z.object({ id: z.uuid(), role, wards: wardSlugs }).superRefine((v, ctx) => {
  if (v.role === 'ward_officer' && v.wards.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['wards'], message: 'Choose at least one ward for a ward officer' });
  }
});

const reason = z
  .string({ error: 'Enter a reason' })
  .trim()
  .min(3, { error: 'Enter a reason' })
  .max(500, { error: 'Reason must be 500 characters or fewer' });

export const StaffStatusSchema = z.object({ id: z.uuid(), reason });

/** An action on one staff member that needs nothing else (resend their invitation). */
export const StaffIdSchema = z.object({ id: z.uuid({ error: 'Choose a staff member' }) });
