// Small pieces of English that depend on the words they join.

/**
 * A name with the possessive ’s: "Holloway’s", "St Pancras and Somers Town’s". A name that already
 * ends in an apostrophe takes none ("St Mary's and St James' priorities", not "St James''s").
 */
export function possessive(name: string): string {
  return /['’]$/.test(name) ? name : `${name}’s`;
}
