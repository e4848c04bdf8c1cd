// The postcode districts a voter's postcode may be in: every district any part of which lies in Camden
// or Islington. Built from Royal Mail's district-to-local-authority coverage as tabulated for the N,
// NW, WC and EC postcode areas ("Local authority area(s)" of each district, Royal Mail / ONS Postcode
// Directory, checked 2026-12): a district is listed when Camden or Islington is one of its authorities.
// Every district is shared with a neighbouring borough (NW1 with Westminster, N4 with Haringey and
// Hackney, …), so the list says a voter may live near the ward, never that they do: the vote is
// advisory, and only the district is kept. Decision 0120 says why the list, not a postcode lookup.
//
// The sub-divided central districts (EC1A…EC1Y, WC1A…WC1X, WC2A…WC2R, EC2A…) are matched by their
// district (EC1, WC1, WC2, EC2): the letter is dropped before the check and is not stored. N1C (King's
// Cross Central, cut out of N1 in 2010) is read as N1.
import { isValid, toDistrict } from 'postcode';

/** District → the boroughs of the two it touches (for the docs and the tests; the check uses the keys). */
export const VOTE_DISTRICTS: Readonly<Record<string, readonly ('Camden' | 'Islington')[]>> = {
  EC1: ['Camden', 'Islington'], // Clerkenwell, Finsbury, Hatton Garden (also the City, Hackney)
  EC2: ['Islington'], // EC2A: Old Street, Finsbury (also the City, Hackney)
  N1: ['Camden', 'Islington'], // Islington, Barnsbury, King's Cross; N1C (also Hackney)
  N4: ['Islington'], // Finsbury Park (also Haringey, Hackney)
  N5: ['Islington'], // Highbury
  N6: ['Camden', 'Islington'], // Highgate (also Haringey)
  N7: ['Camden', 'Islington'], // Holloway, Tufnell Park
  N8: ['Islington'], // Hornsey Rise edge (mostly Haringey)
  N16: ['Islington'], // Newington Green (mostly Hackney)
  N19: ['Camden', 'Islington'], // Archway, Upper Holloway, Dartmouth Park (also Haringey)
  NW1: ['Camden'], // Camden Town, Somers Town, Euston, Primrose Hill (also Westminster)
  NW2: ['Camden'], // Fortune Green, Childs Hill edge (mostly Barnet, Brent)
  NW3: ['Camden'], // Hampstead, Belsize Park, Swiss Cottage
  NW5: ['Camden', 'Islington'], // Kentish Town, Gospel Oak, Tufnell Park
  NW6: ['Camden'], // Kilburn, West Hampstead (also Brent)
  NW8: ['Camden'], // Primrose Hill edge (mostly Westminster)
  WC1: ['Camden', 'Islington'], // Bloomsbury, Holborn; WC1X King's Cross Road
  WC2: ['Camden'], // Covent Garden's Camden side, Lincoln's Inn (also Westminster)
};

export type PostcodeCheck = { ok: true; district: string } | { ok: false; reason: 'format' | 'outside' };

/** Checks a typed postcode: a real UK format (the `postcode` package), then its district. */
export function checkPostcode(typed: string): PostcodeCheck {
  const text = typed.trim();
  if (!isValid(text)) return { ok: false, reason: 'format' };
  const district = toDistrict(text);
  if (!district || !(district in VOTE_DISTRICTS)) return { ok: false, reason: 'outside' };
  return { ok: true, district };
}
