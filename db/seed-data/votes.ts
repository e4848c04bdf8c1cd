// Priority votes for a fresh portal: a decided round before the October 2024 panels in three wards
// (whose chosen options are the priorities those panels set), and one round open now in Holloway so
// there is a vote to take part in. Counts are plausible, not real: the papers report the panels'
// choices, not residents' votes. Each ballot keeps only a district and its choices (its address
// hash erased, as for any decided round).

export interface VoteOptionSeed {
  title: string;
  description: string;
  /** Chosen by the panel (decided rounds): the title of a priority the seed sets that October. */
  chosen?: boolean;
  /** How many ballots chose it (decided rounds). */
  votes?: number;
}

export interface DecidedRoundSeed {
  ward: string;
  /** Postcode districts of the ward's voters, most first. */
  districts: string[];
  /** Ballots cast. */
  turnout: number;
  decisionReason: string;
  options: VoteOptionSeed[];
}

const NIGHT = 'Safety in the night-time economy';
const DRUGS = 'Drug dealing on estates';
const ESTATES = 'Anti-social behaviour on estates';
const ROBBERY = 'Robbery of phones and bags';
const NITROUS = 'Nitrous oxide use and littering';
const VEHICLES = 'Theft of and from vehicles';

const option = (title: string, description: string, votes: number, chosen = false): VoteOptionSeed => ({
  title,
  description,
  votes,
  chosen,
});

export const DECIDED_ROUNDS: DecidedRoundSeed[] = [
  {
    ward: 'bunhill',
    districts: ['EC1V', 'EC1Y', 'N1'],
    turnout: 86,
    decisionReason:
      'The panel took the three options residents chose most, and kept nitrous oxide ward-wide now that Cowper Street is quieter.',
    options: [
      option(
        NITROUS,
        'Patrols and clean-ups where groups use nitrous oxide, across the whole ward.',
        51,
        true,
      ),
      option(NIGHT, 'Patrols around Old Street’s bars at weekends, with the venues.', 47, true),
      option(ESTATES, 'Work with housing officers on the estates residents name most.', 44, true),
      option(VEHICLES, 'Marking and advice days, and patrols where cars are broken into.', 29),
      option(ROBBERY, 'Patrols at the times and places phones are snatched.', 25),
    ],
  },
  {
    ward: 'finsbury-park',
    districts: ['N4', 'N7', 'N19'],
    turnout: 132,
    decisionReason:
      'Residents put drug dealing first by far; the panel kept it across the whole ward and added robbery and the estates.',
    options: [
      option(DRUGS, 'Enforcement against dealing networks, then patrols while partners rebuild.', 97, true),
      option(ROBBERY, 'Patrols around the station and Seven Sisters Road at the busy times.', 71, true),
      option(ESTATES, 'Work with housing officers on the estates off Blackstock Road.', 58, true),
      option(NITROUS, 'Patrols and clean-ups where canisters are left.', 34),
    ],
  },
  {
    ward: 'camden-town',
    districts: ['NW1', 'NW5', 'N7'],
    turnout: 104,
    decisionReason:
      'The panel folded Project Vigilant into a wider night-time priority, as most residents asked, and kept drugs and robbery.',
    options: [
      option(NIGHT, 'Weekend patrols with the Camden Safety Hub and venues on the High Street.', 79, true),
      option(DRUGS, 'Action against dealing around the market and the canal.', 62, true),
      option(ROBBERY, 'Patrols at the tube and the market when phones are snatched.', 55, true),
      option(VEHICLES, 'Patrols and advice where mopeds and bikes are stolen.', 31),
      option(ESTATES, 'Work with housing officers on the estates north of the High Street.', 27),
    ],
  },
];

/** Holloway's open round: voting from when the seed runs until 6pm (London) three weeks on. */
export const OPEN_ROUND = {
  ward: 'holloway',
  weeks: 3,
  maxChoices: 3,
  options: [
    {
      title: ROBBERY,
      description: 'Patrols around the Nag’s Head and Holloway Road at the times phones are snatched.',
    },
    {
      title: DRUGS,
      description: 'Action against dealing on the estates residents report most, with housing officers.',
    },
    {
      title: ESTATES,
      description: 'Work with housing officers and youth services on estates where groups gather.',
    },
    {
      title: 'Street drinking around the Nag’s Head',
      description: 'Patrols and the council’s outreach where street drinking makes people feel unsafe.',
    },
    {
      title: NITROUS,
      description: 'Patrols and clean-ups where groups use nitrous oxide and leave canisters.',
    },
  ],
} as const;

/**
 * Which options each of a round's `turnout` ballots chose: every ballot at least one, each option
 * chosen by exactly its `votes` ballots (spread so ballots choose one to three options).
 */
export function ballotChoices(votes: readonly number[], turnout: number): number[][] {
  const ballots: number[][] = Array.from({ length: turnout }, () => []);
  let next = 0;
  votes.forEach((n, option) => {
    for (let k = 0; k < n; k++) {
      (ballots[next % turnout] as number[]).push(option);
      next++;
    }
  });
  return ballots.map((b) => [...new Set(b)]).filter((b) => b.length > 0);
}
