// Demonstration Ward Panel meetings and community events, dated relative to the day the seed runs
// (so a fresh database always has upcoming ones): panel meetings in many wards, borough-wide events
// (the Youth Advisory Forum, community safety surgeries), some past, one moved and one cancelled.
// Venues are the boroughs' libraries, community centres and town halls. Data only: db/seed-events.ts
// inserts them.

interface Venue {
  venueName: string;
  venueAddress: string;
  accessInfo: string;
}

const V = {
  highgateLibrary: {
    venueName: 'Highgate Library',
    venueAddress: 'Chester Road, London N19 5DH',
    accessInfo:
      'Step-free entrance from Chester Road; meeting room on the ground floor; hearing loop; accessible toilet.',
  },
  kentishTownLibrary: {
    venueName: 'Kentish Town Library',
    venueAddress: '262–266 Kentish Town Road, London NW5 2AA',
    accessInfo:
      'Ramp at the main entrance and a lift to the first-floor meeting room; hearing loop; accessible toilet. Kentish Town station has step-free access.',
  },
  swissCottageLibrary: {
    venueName: 'Swiss Cottage Library',
    venueAddress: '88 Avenue Road, London NW3 3HA',
    accessInfo:
      'Level entrance and lifts to every floor; hearing loop in the meeting rooms; accessible toilets.',
  },
  crowndale: {
    venueName: 'Crowndale Centre (Camden Town Library)',
    venueAddress: '218 Eversholt Street, London NW1 1BD',
    accessInfo:
      'Step-free entrance on Eversholt Street; lift to the meeting rooms; hearing loop; accessible toilet.',
  },
  holbornLibrary: {
    venueName: 'Holborn Library',
    venueAddress: '32–38 Theobalds Road, London WC1X 8PA',
    accessInfo:
      'Level entrance; lift to the first floor; hearing loop; accessible toilet on the ground floor.',
  },
  westHampsteadLibrary: {
    venueName: 'West Hampstead Library',
    venueAddress: 'Dennington Park Road, London NW6 1AU',
    accessInfo:
      'Ramp to the entrance; the meeting room is on the ground floor; no hearing loop (tell us and we will bring a portable one).',
  },
  kentishTownCommunityCentre: {
    venueName: 'Kentish Town Community Centre',
    venueAddress: '17 Busby Place, London NW5 2SP',
    accessInfo: 'Step-free access throughout; accessible toilet; hearing loop in the main hall.',
  },
  islingtonCentralLibrary: {
    venueName: 'Islington Central Library',
    venueAddress: '2 Fieldway Crescent, London N5 1PF',
    accessInfo: 'Level entrance; lift to the first-floor meeting room; hearing loop; accessible toilet.',
  },
  finsburyLibrary: {
    venueName: 'Finsbury Library',
    venueAddress: '245 St John Street, London EC1V 4NB',
    accessInfo:
      'Step-free entrance; the meeting room is on the ground floor; hearing loop; accessible toilet.',
  },
  n4Library: {
    venueName: 'N4 Library',
    venueAddress: '26 Blackstock Road, London N4 2DW',
    accessInfo: 'Level entrance and a lift to the community room; accessible toilet.',
  },
  mildmayLibrary: {
    venueName: 'Mildmay Library',
    venueAddress: '21–23 Mildmay Park, London N1 4NA',
    accessInfo: 'Ramp at the side entrance; the meeting room is on the ground floor; hearing loop.',
  },
  highburyRoundhouse: {
    venueName: 'Highbury Roundhouse Community Centre',
    venueAddress: '71 Ronalds Road, London N5 1XB',
    accessInfo:
      'Step-free throughout; accessible toilet; hearing loop in the main hall; parking for Blue Badge holders.',
  },
  northLibrary: {
    venueName: 'North Library',
    venueAddress: 'Manor Gardens, London N7 6JX',
    accessInfo: 'Level entrance; the meeting room is on the ground floor; accessible toilet.',
  },
  islingtonTownHall: {
    venueName: 'Islington Town Hall',
    venueAddress: 'Upper Street, London N1 2UD',
    accessInfo:
      'Step-free entrance on Upper Street; lifts to every floor; hearing loops in the committee rooms; accessible toilets.',
  },
} satisfies Record<string, Venue>;

export type SeedEvent = {
  /** Last part of the fixed uid. */
  n: number;
  title: string;
  description: string;
  /** Days from the seed's day (London), the start's London time, and how long in minutes. */
  day: number;
  at: [number, number];
  minutes: number;
  venue?: Venue;
  onlineUrl?: string;
  moved?: { fromDay: number; note: string };
  cancelled?: string;
} & ({ kind: 'panel_meeting'; ward: string } | { kind: 'community_event'; ward?: string; borough?: string });

const panel = (
  n: number,
  ward: string,
  name: string,
  day: number,
  venue: Venue,
  online = false,
): SeedEvent => ({
  n,
  kind: 'panel_meeting',
  ward,
  title: `${name} Ward Panel meeting`,
  description: `The ${name} Ward Panel meets the ward’s Safer Neighbourhood team to hear what has been done on the ward’s priorities and to agree what comes next. Residents are welcome to listen and to raise a concern at the end.`,
  day,
  at: [18, 30],
  minutes: 90,
  venue,
  ...(online ? { onlineUrl: `https://meet.example.org/${ward}-ward-panel` } : {}),
});

export const EVENT_SEEDS: SeedEvent[] = [
  panel(1, 'highgate', 'Highgate', 9, V.highgateLibrary, true),
  panel(2, 'kentish-town-north', 'Kentish Town North', 12, V.kentishTownLibrary),
  panel(3, 'kentish-town-south', 'Kentish Town South', 16, V.kentishTownCommunityCentre),
  panel(4, 'belsize', 'Belsize', 20, V.swissCottageLibrary),
  panel(5, 'camden-town', 'Camden Town', 23, V.crowndale, true),
  panel(6, 'holborn-and-covent-garden', 'Holborn and Covent Garden', 27, V.holbornLibrary),
  panel(7, 'west-hampstead', 'West Hampstead', 34, V.westHampsteadLibrary),
  panel(8, 'bloomsbury', 'Bloomsbury', 41, V.holbornLibrary, true),
  panel(9, 'highbury', 'Highbury', 10, V.highburyRoundhouse),
  panel(10, 'clerkenwell', 'Clerkenwell', 15, V.finsburyLibrary, true),
  panel(11, 'finsbury-park', 'Finsbury Park', 19, V.n4Library),
  panel(12, 'mildmay', 'Mildmay', 26, V.mildmayLibrary),
  panel(13, 'holloway', 'Holloway', 30, V.northLibrary),
  {
    ...panel(14, 'tufnell-park', 'Tufnell Park', 22, V.northLibrary),
    moved: { fromDay: 13, note: 'The library’s meeting room is closed for repairs that week.' },
  },
  {
    ...panel(15, 'barnsbury', 'Barnsbury', 17, V.islingtonCentralLibrary),
    cancelled: 'Too few panel members could come. The next meeting will be arranged for the new year.',
  },
  // Past meetings: the archive.
  panel(16, 'highgate', 'Highgate', -83, V.highgateLibrary),
  panel(17, 'camden-town', 'Camden Town', -62, V.crowndale),
  panel(18, 'highbury', 'Highbury', -76, V.highburyRoundhouse),
  panel(19, 'clerkenwell', 'Clerkenwell', -45, V.finsburyLibrary),
  panel(20, 'bloomsbury', 'Bloomsbury', -20, V.holbornLibrary),
  // Borough-wide events.
  {
    n: 21,
    kind: 'community_event',
    borough: 'camden',
    title: 'Camden Youth Advisory Forum meeting',
    description:
      'Young people aged 14 to 25 tell Central North’s officers what policing feels like for them: stop and search, safety on the way home, and what would build trust. Food provided. Under-16s need a parent’s or guardian’s consent to join the Forum.',
    day: 14,
    at: [17, 0],
    minutes: 120,
    venue: V.crowndale,
  },
  {
    n: 22,
    kind: 'community_event',
    borough: 'islington',
    title: 'Islington community safety surgery',
    description:
      'Drop in to talk to the police and the council’s community safety team about anti-social behaviour, noise, or anything that worries you where you live. No appointment needed.',
    day: 18,
    at: [10, 0],
    minutes: 180,
    venue: V.islingtonTownHall,
  },
  {
    n: 23,
    kind: 'community_event',
    borough: 'camden',
    title: 'Camden community safety surgery',
    description:
      'Drop in to talk to the police and Camden Council’s community safety team. Interpreters in Bengali and Somali available on request: ask when you arrive.',
    day: 29,
    at: [11, 0],
    minutes: 180,
    venue: V.kentishTownLibrary,
  },
  {
    n: 24,
    kind: 'community_event',
    borough: 'islington',
    title: 'Online question time with the Central North command',
    description:
      'Put your questions to the Central North command team online. Send questions in advance through the link, or ask on the night.',
    day: 37,
    at: [19, 0],
    minutes: 60,
    onlineUrl: 'https://meet.example.org/central-north-question-time',
  },
  {
    n: 25,
    kind: 'community_event',
    borough: 'camden',
    title: 'Camden Youth Advisory Forum meeting',
    description:
      'The Forum’s autumn meeting: young people and officers on safety around schools and on buses.',
    day: -34,
    at: [17, 0],
    minutes: 120,
    venue: V.crowndale,
  },
];

/** Each seeded event's fixed uid: a second seed run inserts nothing. */
export const seedEventUid = (n: number) => `5eed0e0e-0000-4000-8000-${String(n).padStart(12, '0')}`;
