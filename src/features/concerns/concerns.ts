// Concerns (residents' reports of anti-social behaviour): the words, lists and rules the pages, the
// actions, the island and the tests share. Pure: no database, no zod (the island imports it).

export const CATEGORIES = [
  'drugs',
  'nitrous_oxide',
  'noise',
  'rowdy',
  'street_drinking',
  'vehicle_nuisance',
  'litter_fly_tipping',
  'graffiti_vandalism',
  'begging',
  'cuckooing',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  drugs: 'Drug dealing or drug use',
  nitrous_oxide: 'Nitrous oxide (laughing gas)',
  noise: 'Noise',
  rowdy: 'Rowdy or intimidating behaviour',
  street_drinking: 'Street drinking',
  vehicle_nuisance: 'Vehicle nuisance',
  litter_fly_tipping: 'Littering or fly-tipping',
  graffiti_vandalism: 'Graffiti or vandalism',
  begging: 'Begging',
  cuckooing: 'Concern about cuckooing',
  other: 'Something else',
};

export const CATEGORY_HINTS: Partial<Record<Category, string>> = {
  vehicle_nuisance: 'For example cars racing, revving or blocking a road',
  cuckooing: 'Someone’s home being taken over, often to deal drugs from it',
};

export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening', 'night', 'not_sure'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];
export const TIME_OF_DAY_LABELS: Record<TimeOfDay, string> = {
  morning: 'Morning (6am to noon)',
  afternoon: 'Afternoon (noon to 6pm)',
  evening: 'Evening (6pm to midnight)',
  night: 'Night (midnight to 6am)',
  not_sure: 'I am not sure',
};

export const STATUSES = ['received', 'reviewing', 'ward_team', 'referred', 'closed'] as const;
export type ConcernStatus = (typeof STATUSES)[number];

/** What the resident reads at /report/track. */
export const STATUS_LABELS: Record<ConcernStatus, string> = {
  received: 'Received',
  reviewing: 'Being reviewed',
  ward_team: 'Passed to the ward team',
  referred: 'Referred to a partner',
  closed: 'Closed',
};

export const STATUS_DESCRIPTIONS: Record<ConcernStatus, string> = {
  received: 'We have your report. Someone will look at it within 3 working days.',
  reviewing: 'An officer is reading your report and deciding who should act on it.',
  ward_team: 'Your report is with the police team for the ward, who will decide what to do.',
  referred: 'Your report has been passed to the organisation that can act on it.',
  closed: 'We have finished dealing with this report.',
};

export const PARTNERS = ['camden_council', 'islington_council', 'housing_provider', 'tfl'] as const;
export type Partner = (typeof PARTNERS)[number];
export const PARTNER_LABELS: Record<Partner, string> = {
  camden_council: 'Camden Council',
  islington_council: 'Islington Council',
  housing_provider: 'A housing provider',
  tfl: 'Transport for London (TfL)',
};

/** The steps of the journey, in order: each is a page at /report/<step> and an action. */
export const STEPS = ['what', 'where', 'when', 'details', 'contact'] as const;
export type Step = (typeof STEPS)[number];

export const STEP_TITLES: Record<Step, string> = {
  what: 'What kind of behaviour is it?',
  where: 'Where is it happening?',
  when: 'When did it happen?',
  details: 'What happened?',
  contact: 'Do you want to stay anonymous?',
};

export function stepPath(step: Step): string {
  return `/report/${step}`;
}

/** The page after `step`: the next step, or the check page (also after a change from it). */
export function nextPath(step: Step, fromCheck: boolean): string {
  const i = STEPS.indexOf(step);
  const next = STEPS[i + 1];
  return fromCheck || !next ? '/report/check' : stepPath(next);
}

export function previousPath(step: Step): string {
  const i = STEPS.indexOf(step);
  const prev = STEPS[i - 1];
  return prev ? stepPath(prev) : '/report';
}

/** What /report/track answers to a wrong reference, a wrong code, or both: the same words. */
export const TRACK_NOT_FOUND =
  'No report matches that reference and tracking code. Check both, as they were given when you sent the report.';

// ---------------------------------------------------------------------------------------------------
// Limits (the zod schemas in concerns.schema.ts are built on these; the island counts with them)

export const DESCRIPTION_MAX = 2000;
export const IMPACT_MAX = 1000;
export const LOCATION_MAX = 200;
export const OTHER_MAX = 100;
export const FREQUENCY_MAX = 200;
export const NAME_MAX = 100;
export const PHONE_MAX = 30;
export const PREFERENCE_MAX = 300;
export const NOTE_MAX = 2000;

/** A person needs longer than this to answer five pages: a faster send is a machine's. */
export const MIN_FILL_MS = 5_000;
/** Drafts (and their cookie) last this long after the last answer. */
export const DRAFT_LIFETIME_MS = 2 * 3_600_000;
/** Concerns one client may send in an hour. */
export const CONCERNS_PER_HOUR = 5;

// ---------------------------------------------------------------------------------------------------
// References: CN-<year>-<6 digits>, from a database sequence

export function formatReference(year: number, n: number): string {
  return `CN-${year}-${String(n).padStart(6, '0')}`;
}

/** The canonical form of what someone typed as a reference, or null if it cannot be one. */
export function normaliseReference(input: string): string | null {
  const m = /^\s*CN[\s-]*(\d{4})[\s-]*(\d{6,9})\s*$/i.exec(input);
  return m ? `CN-${m[1]}-${m[2]}` : null;
}

// ---------------------------------------------------------------------------------------------------
// Words that mean the resident may need 999 now

const URGENT = [
  /\bweapons?\b/i,
  /\bknife|knives\b/i,
  /\bguns?\b/i,
  /\bfirearms?\b/i,
  /\bmachetes?\b/i,
  /\bhappening\s+(right\s+)?now\b/i,
  /\bgoing\s+on\s+(right\s+)?now\b/i,
];

/** Does the text suggest someone is in danger now (a weapon, "happening now")? */
export function mentionsEmergency(...texts: (string | null | undefined)[]): boolean {
  return texts.some((t) => !!t && URGENT.some((re) => re.test(t)));
}

// ---------------------------------------------------------------------------------------------------
// Personal details in free text (highlighted for staff; a public note holding one asks to confirm)

export type PiiKind = 'phone' | 'email' | 'vehicle' | 'address';
export const PII_LABELS: Record<PiiKind, string> = {
  phone: 'phone number',
  email: 'email address',
  vehicle: 'vehicle registration',
  address: 'house number and street',
};

const PII_PATTERNS: [PiiKind, RegExp][] = [
  ['email', /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g],
  ['phone', /(?:\+44\s?\(?0?\)?\s?|\b0)\d(?:[\s-]?\d){8,9}\b/g],
  // Current UK format (AB12 CDE) and the older prefix/suffix ones (A123 BCD, ABC 123D).
  ['vehicle', /\b(?:[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-Z]\d{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?\d{1,3}[A-Z])\b/g],
  [
    'address',
    /\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Gardens|Place|Square|Terrace|Way|Grove|Crescent|Hill|Walk|Row|Mews|Court|Drive)\b/g,
  ],
];

export interface TextPart {
  text: string;
  /** Set on a part that looks like a personal detail. */
  pii?: PiiKind;
}

/** The text cut into plain parts and parts that look like personal details, in order. */
export function findPersonalDetails(text: string): TextPart[] {
  const hits: { start: number; end: number; kind: PiiKind }[] = [];
  for (const [kind, re] of PII_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (!hits.some((h) => start < h.end && end > h.start)) hits.push({ start, end, kind });
    }
  }
  hits.sort((a, b) => a.start - b.start);
  const parts: TextPart[] = [];
  let at = 0;
  for (const h of hits) {
    if (h.start > at) parts.push({ text: text.slice(at, h.start) });
    parts.push({ text: text.slice(h.start, h.end), pii: h.kind });
    at = h.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

export function personalDetailKinds(text: string): PiiKind[] {
  return [...new Set(findPersonalDetails(text).flatMap((p) => (p.pii ? [p.pii] : [])))];
}
