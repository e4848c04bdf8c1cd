// Ward priorities, autumn 2024: three current priorities for every ward, each with a dated progress
// update, and a few past priorities with their outcome. Written from the themes of the committee
// papers in ../shared/seeds: drug dealing and ASB in hidden pockets of estates (003, Camden Community
// Safety Report: Estate Action Days, the estate CCTV upgrade, the Responsive Security Patrol);
// Islington's ASB early-intervention process (001); nitrous oxide in night-time economy areas such
// as Cowper Street (001); theft of and from vehicles and personal robbery (001 and 002, Islington's
// crime tables); the night-time economy and Project Vigilant (003). Ward panels set their
// priorities in October 2024, after the Local Action Plan went to Camden's scrutiny committee (000).

export type Borough = 'camden' | 'islington';
type Theme = 'drugs' | 'estates' | 'nitrous' | 'vehicles' | 'robbery' | 'night';

export interface PrioritySeed {
  ward: string;
  title: string;
  reason: string;
  setOn: string;
  /** Markdown. */
  update: { date: string; body: string };
  /** Past priorities only. */
  retired?: { on: string; outcome: string };
}

interface ThemeText {
  title: string;
  reason: (ward: string, borough: Borough) => string;
  update: (ward: string, borough: Borough) => string;
}

const ESTATE_HELP: Record<Borough, string> = {
  camden:
    'Camden council tenants and leaseholders can call the Responsive Security Patrol on 020 7974 4444 between 4pm and 4am, without giving their details.',
  islington:
    'Reports to the council and to us are compared at a joint monthly meeting, where repeat callers’ concerns are prioritised.',
};

const THEMES: Record<Theme, ThemeText> = {
  drugs: {
    title: 'Drug dealing on estates',
    reason: (ward) =>
      `Residents at the ${ward} Ward Panel, and at the council’s Estate Action Days, named drug dealing as their first concern: dealing in hidden pockets of the estates — stairwells, bin stores and walkways — out of sight of patrols and away from CCTV, often by people from outside the estate.`,
    update: (ward, borough) =>
      `The ${ward} team has held joint walkabouts with housing officers to map where dealing happens out of sight, and passed the locations to the ${borough === 'camden' ? 'estate CCTV upgrade programme' : 'council’s estate teams'}.\n\n- Plain-clothes patrols at the times residents told us about\n- Entry systems reported as broken have been passed to housing for repair\n\nIf you see dealing, report it on 101 or online, or anonymously to Crimestoppers on 0800 555 111.`,
  },
  estates: {
    title: 'Anti-social behaviour on estates',
    reason: (ward) =>
      `ASB is the issue ${ward} residents raise most often: groups gathering in stairwells and lobbies late at night, noise, and damage to shared spaces. Tenants’ and residents’ associations asked the panel to make it a priority.`,
    update: (_ward, borough) =>
      `Officers have joined tenants’ and residents’ association meetings and are patrolling the blocks named there in the evenings. Those responsible are dealt with through the ASB early-intervention process: a warning first, then a Community Protection Warning and, if it goes on, a Community Protection Notice.\n\n${ESTATE_HELP[borough]}`,
  },
  nitrous: {
    title: 'Nitrous oxide use and littering',
    reason: (ward) =>
      `Residents told the ${ward} Ward Panel of groups using nitrous oxide in parked cars and side streets late at night, and of canisters left on pavements and in parks. Possessing it for its psychoactive effect has been an offence since November 2023.`,
    update: (ward) =>
      `A week of action on nitrous oxide, like the one around Cowper Street, has come to ${ward}: officers patrolled the streets residents named, seized canisters and spoke to those using them, and the council cleared the litter.\n\nTell us where it happens, and when, on 101 or at your ward panel.`,
  },
  vehicles: {
    title: 'Theft of and from vehicles',
    reason: (ward, borough) =>
      `Thefts of cars, vans and motorbikes, and of tools and belongings from them, are the crime ${ward} residents report to the panel most.${borough === 'islington' ? ' Across Islington, theft from motor vehicles fell 8.8% in 2023–24 (1,509 offences against 1,654): the panel wants the fall to reach the ward’s streets.' : ''}`,
    update: (ward) =>
      `The ${ward} team has run crime-prevention stalls giving out steering locks and catalytic-converter marking kits, and patrols the roads where most thefts happen at the times they happen.\n\nRemove tools and valuables from vans overnight, and report anyone trying door handles on 999 if it is happening now.`,
  },
  robbery: {
    title: 'Robbery of phones and bags',
    reason: (ward, borough) =>
      `Residents and businesses told the ${ward} Ward Panel about phones snatched from moped riders and cyclists and bags taken on the walk home.${borough === 'islington' ? ' Personal robbery in Islington fell 5.7% in 2023–24 (1,004 offences against 1,065), but not evenly across the borough.' : ''}`,
    update: (ward) =>
      `Officers in ${ward} are patrolling the streets and times where robberies cluster, in uniform and in plain clothes, and have given out phone-safety advice outside stations and shops.\n\nKeep your phone out of sight at the kerb, and call 999 at once if it happens: the sooner we know, the better the chance of an arrest.`,
  },
  night: {
    title: 'Safety in the night-time economy',
    reason: (ward) =>
      `Bars, clubs and late venues in ${ward} bring violence, ASB and harassment of women and girls late at night, residents and venues told the Ward Panel. Women’s safety is a key priority of the Met’s seasonal plans.`,
    update: (_ward, borough) =>
      `Project Vigilant operations have run on ${borough === 'camden' ? 'Friday and Saturday nights, with the Camden Safety Hub open into the early hours to support anyone vulnerable' : 'busy nights, with uniformed and plain-clothes officers looking out for predatory behaviour'}. Officers and licensing staff have visited venues to check they use **Ask for Angela**.\n\nIf you feel unsafe in a venue, ask staff for Angela.`,
  },
};

/** Each ward's three current priorities, as its panel chose them. */
const WARD_THEMES: Record<string, [Theme, Theme, Theme]> = {
  belsize: ['vehicles', 'robbery', 'nitrous'],
  bloomsbury: ['robbery', 'night', 'drugs'],
  'camden-square': ['drugs', 'estates', 'vehicles'],
  'camden-town': ['night', 'drugs', 'robbery'],
  'fortune-green': ['vehicles', 'nitrous', 'robbery'],
  frognal: ['vehicles', 'robbery', 'estates'],
  'gospel-oak': ['drugs', 'estates', 'nitrous'],
  'hampstead-town': ['robbery', 'vehicles', 'night'],
  haverstock: ['drugs', 'estates', 'robbery'],
  highgate: ['vehicles', 'estates', 'nitrous'],
  'holborn-and-covent-garden': ['night', 'robbery', 'drugs'],
  'kentish-town-north': ['estates', 'vehicles', 'nitrous'],
  'kentish-town-south': ['drugs', 'estates', 'robbery'],
  kilburn: ['drugs', 'estates', 'vehicles'],
  'kings-cross': ['robbery', 'night', 'drugs'],
  'primrose-hill': ['vehicles', 'nitrous', 'robbery'],
  'regents-park': ['drugs', 'estates', 'nitrous'],
  'st-pancras-and-somers-town': ['drugs', 'estates', 'robbery'],
  'south-hampstead': ['vehicles', 'robbery', 'estates'],
  'west-hampstead': ['vehicles', 'night', 'nitrous'],
  arsenal: ['drugs', 'robbery', 'estates'],
  barnsbury: ['estates', 'vehicles', 'drugs'],
  bunhill: ['nitrous', 'night', 'estates'],
  caledonian: ['drugs', 'estates', 'robbery'],
  canonbury: ['vehicles', 'estates', 'nitrous'],
  clerkenwell: ['night', 'robbery', 'vehicles'],
  'finsbury-park': ['drugs', 'robbery', 'estates'],
  highbury: ['night', 'vehicles', 'robbery'],
  hillrise: ['estates', 'vehicles', 'nitrous'],
  holloway: ['robbery', 'drugs', 'estates'],
  junction: ['drugs', 'vehicles', 'estates'],
  laycock: ['estates', 'drugs', 'vehicles'],
  mildmay: ['vehicles', 'estates', 'nitrous'],
  'st-marys-and-st-james': ['night', 'robbery', 'nitrous'],
  'st-peters-and-canalside': ['estates', 'drugs', 'nitrous'],
  tollington: ['drugs', 'estates', 'robbery'],
  'tufnell-park': ['vehicles', 'estates', 'drugs'],
};

const day = (month: string, n: number) => `${month}-${String(n).padStart(2, '0')}`;

export interface SeedWard {
  slug: string;
  name: string;
  borough: string;
}

/** Panels meet on different days: each ward's October meeting, and its December update. */
function currentPriorities(wards: readonly SeedWard[]): PrioritySeed[] {
  return wards.flatMap((w, i) => {
    const themes = WARD_THEMES[w.slug];
    if (!themes) throw new Error(`No priorities for ward ${w.slug}`);
    const borough: Borough = w.borough === 'camden' ? 'camden' : 'islington';
    const setOn = day('2024-10', 1 + ((i * 7) % 28));
    const updated = day('2024-12', 2 + ((i * 5) % 17));
    return themes.map((theme) => ({
      ward: w.slug,
      title: THEMES[theme].title,
      reason: THEMES[theme].reason(w.name, borough),
      setOn,
      update: { date: updated, body: THEMES[theme].update(w.name, borough) },
    }));
  });
}

/** Priorities a few panels set in spring 2024 and retired in October, with what came of them. */
const PAST: PrioritySeed[] = [
  {
    ward: 'bunhill',
    title: 'Nitrous oxide around Cowper Street',
    reason:
      'Residents of the streets off Old Street reported groups using nitrous oxide late at night and canisters left on pavements around Cowper Street.',
    setOn: '2024-04-16',
    update: {
      date: '2024-07-09',
      body: 'A week of action on nitrous oxide in the night-time economy around Cowper Street: patrols every evening, canisters seized, and the council cleared the streets each morning.',
    },
    retired: {
      on: '2024-10-15',
      outcome:
        'Reports of nitrous oxide use around Cowper Street fell over the summer and residents told the panel the streets were quieter. The panel replaced it with a ward-wide priority on nitrous oxide.',
    },
  },
  {
    ward: 'finsbury-park',
    title: 'Drug dealing around the station',
    reason:
      'Dealing around Finsbury Park station and Stroud Green Road was the concern residents and traders raised most at the panel.',
    setOn: '2024-04-10',
    update: {
      date: '2024-07-18',
      body: 'Phase one of **Clear, Hold, Build** under the Love Finsbury Park banner: enforcement against the dealing networks, then patrols to hold the area while partners rebuild.',
    },
    retired: {
      on: '2024-10-09',
      outcome:
        'The first phase of Clear, Hold, Build is complete and the work continues under the Love Finsbury Park partnership. The panel kept drug dealing as a priority, across the whole ward.',
    },
  },
  {
    ward: 'holloway',
    title: 'Crime and ASB in the Nag’s Head area',
    reason:
      'Traders and residents around the Nag’s Head asked for action on shop theft, street drinking and anti-social behaviour.',
    setOn: '2024-04-23',
    update: {
      date: '2024-07-25',
      body: 'Joint patrols with the council under **Cleaner Safer Islington**, focused on the Nag’s Head, and Safer Spaces Walk & Talk events with residents.',
    },
    retired: {
      on: '2024-10-22',
      outcome:
        'Cleaner Safer Islington continues as the council’s and the police’s joint work in the Nag’s Head. The panel chose robbery as its new priority for the area.',
    },
  },
  {
    ward: 'camden-town',
    title: 'Violence against women and girls at night',
    reason:
      'Women told the panel they felt unsafe around Camden High Street late at night, and venues asked for support.',
    setOn: '2024-04-04',
    update: {
      date: '2024-06-28',
      body: 'Project Vigilant operations on weekend nights, with the Camden Safety Hub open into the early hours, and licensing visits to check venues use **Ask for Angela**.',
    },
    retired: {
      on: '2024-10-03',
      outcome:
        'Project Vigilant is now part of the team’s regular weekend work. The panel folded it into a wider priority on safety in the night-time economy.',
    },
  },
];

/** Every ward's current priorities (the wards as wards.json lists them), then the past ones. */
export function prioritySeeds(wards: readonly SeedWard[]): PrioritySeed[] {
  return [...currentPriorities(wards), ...PAST];
}
