// The newsletter's subscribe form, as the page it was posted to shows it again (a ward's page or
// /newsletters): the page puts the error summary at its top and "Error: " in its title, since the
// form sits far down it; the form shows the inline errors and what was typed.

import { actions } from 'astro:actions';
import type { AstroGlobal } from 'astro';
import { type FormState, formState } from './forms';

export function subscribeFormState(astro: Pick<AstroGlobal, 'getActionResult' | 'locals'>): FormState {
  return formState(
    astro.getActionResult(actions.subscriptions.subscribe),
    astro.locals.formInput,
    ['email', 'audience', 'borough', 'wards'],
    'email',
  );
}
