// Performance tables from the committee papers in ../shared/seeds/, copied exactly as printed.
// 001: Islington Policy and Performance Scrutiny Committee, 11 December 2023.
// 002: Islington Homes and Community Scrutiny, 18 July 2024. Pure data.
import type { PerformanceDatasetSeed, PerformanceRowSeed } from './types.ts';

const ISLINGTON_DEC_2023 = 'Islington Policy and Performance Scrutiny Committee, 11 December 2023';
const ISLINGTON_JUL_2024 = 'Islington Homes and Community Scrutiny, 18 July 2024';

const MONTHS = [
  'Aug 2022',
  'Sep 2022',
  'Oct 2022',
  'Nov 2022',
  'Dec 2022',
  'Jan 2023',
  'Feb 2023',
  'Mar 2023',
  'Apr 2023',
  'May 2023',
  'Jun 2023',
  'Jul 2023',
  'Aug 2023',
  'Sep 2023',
  'Oct 2023',
];

/** Builds monthly rows from one array per series, each in MONTHS order. */
function monthlyRows(bySeries: Record<string, number[]>): PerformanceRowSeed[] {
  return MONTHS.map((category, i) => ({
    category,
    values: Object.fromEntries(
      Object.entries(bySeries).map(([series, values]) => {
        const value = values[i];
        if (value === undefined) throw new Error(`No ${series} value for ${category}`);
        return [series, { value }];
      }),
    ),
  }));
}

export const performanceDatasets: PerformanceDatasetSeed[] = [
  {
    slug: 'neighbourhood-crime-islington-vs-met',
    title: 'Neighbourhood crime: Islington compared with the whole Met',
    description:
      'Neighbourhood crimes recorded in Islington and across the whole Metropolitan Police Service (MPS) for the financial year to date at October 2023, compared with the same period in 2022. Neighbourhood crime covers personal robbery, theft from the person, residential burglary and vehicle crime.',
    kind: 'change',
    unit: 'count',
    source: ISLINGTON_DEC_2023,
    period: 'Financial year to date, October 2023 compared with the same period of 2022',
    series: ['Islington', 'MPS-wide'],
    rows: [
      {
        category: 'Personal robbery',
        values: { Islington: { value: 623, previous: 597 }, 'MPS-wide': { value: 16899, previous: 14947 } },
      },
      {
        category: 'Theft from the person',
        values: { Islington: { value: 1521, previous: 1715 }, 'MPS-wide': { value: 38662, previous: 31434 } },
      },
      {
        category: 'Residential burglary',
        values: { Islington: { value: 692, previous: 673 }, 'MPS-wide': { value: 21583, previous: 20817 } },
      },
      {
        category: 'Theft of motor vehicle',
        values: { Islington: { value: 314, previous: 353 }, 'MPS-wide': { value: 19251, previous: 18779 } },
      },
      {
        category: 'Theft from motor vehicle',
        values: { Islington: { value: 951, previous: 1066 }, 'MPS-wide': { value: 34589, previous: 37922 } },
      },
      {
        category: 'Interfering with motor vehicle',
        values: { Islington: { value: 112, previous: 131 }, 'MPS-wide': { value: 6402, previous: 6498 } },
      },
      {
        category: 'Aggravated taking of motor vehicle',
        values: { Islington: { value: 4, previous: 12 }, 'MPS-wide': { value: 374, previous: 432 } },
      },
    ],
  },
  {
    slug: 'crime-performance-fy23-24',
    title: 'Crime in Islington: 2023–24 compared with 2022–23',
    description:
      'Recorded offences in Islington in the 2023–24 financial year compared with 2022–23, as reported to Islington’s Homes and Community Scrutiny committee. It covers neighbourhood crime, serious violence, hate crime (excluding domestic abuse), lethal barrel discharges and knife crime.',
    kind: 'change',
    unit: 'count',
    source: ISLINGTON_JUL_2024,
    period: 'Financial year 2023–24 compared with 2022–23',
    series: ['Islington'],
    rows: [
      {
        section: 'Neighbourhoods',
        category: 'Personal robbery',
        values: { Islington: { value: 1004, previous: 1065 } },
      },
      {
        section: 'Neighbourhoods',
        category: 'Theft from the person',
        values: { Islington: { value: 2830, previous: 2688 } },
      },
      {
        section: 'Neighbourhoods',
        category: 'Residential burglary',
        values: { Islington: { value: 1163, previous: 1171 } },
      },
      {
        section: 'Neighbourhoods',
        category: 'Theft of motor vehicle',
        values: { Islington: { value: 523, previous: 564 } },
      },
      {
        section: 'Neighbourhoods',
        category: 'Theft from motor vehicle',
        values: { Islington: { value: 1509, previous: 1654 } },
      },
      {
        section: 'Neighbourhoods',
        category: 'Interfering with motor vehicle',
        values: { Islington: { value: 183, previous: 195 } },
      },
      {
        section: 'Neighbourhoods',
        category: 'Aggravated taking of motor vehicle',
        values: { Islington: { value: 5, previous: 16 } },
      },
      { section: 'Serious violence', category: 'Homicide', values: { Islington: { value: 4, previous: 4 } } },
      {
        section: 'Serious violence',
        category: 'Violence with injury',
        values: { Islington: { value: 2278, previous: 2269 } },
      },
      {
        section: 'Other priorities',
        category: 'Hate crime (excluding domestic abuse)',
        values: { Islington: { value: 819, previous: 905 } },
      },
      {
        section: 'Other priorities',
        category: 'Lethal barrel discharges (LBDs)',
        values: { Islington: { value: 0, previous: 5 } },
      },
      {
        section: 'Other priorities',
        category: 'Knife crime',
        values: { Islington: { value: 397, previous: 437 } },
      },
    ],
  },
  {
    slug: 'asb-cads',
    title: 'Anti-social behaviour calls (CADs) by month',
    description:
      'The number of anti-social behaviour (ASB) calls logged each month in Camden and Islington. Each call is recorded as a CAD (Computer Aided Dispatch record): a call logged by the Met’s command and control system. The total is Camden and Islington added together.',
    kind: 'monthly',
    unit: 'count',
    source: ISLINGTON_DEC_2023,
    period: 'August 2022 to October 2023',
    series: ['Camden', 'Islington', 'Total'],
    rows: monthlyRows({
      Camden: [510, 617, 749, 646, 510, 611, 614, 767, 710, 766, 778, 894, 806, 808, 854],
      Islington: [443, 540, 574, 478, 420, 478, 457, 489, 544, 641, 591, 755, 735, 789, 672],
      Total: [953, 1157, 1323, 1124, 930, 1089, 1071, 1256, 1254, 1407, 1369, 1649, 1541, 1597, 1526],
    }),
  },
  {
    slug: 'asb-cad-compliance',
    title: 'ASB call compliance by month',
    description:
      'The percentage of anti-social behaviour (ASB) calls (CADs) that met the Met’s recording and response standards each month, as reported to the committee. The paper does not define the standard in detail. The overall figure is the paper’s average of the Camden and Islington percentages, shown exactly as printed (some months are rounded).',
    kind: 'monthly',
    unit: 'percent',
    source: ISLINGTON_DEC_2023,
    period: 'August 2022 to October 2023',
    series: ['Camden', 'Islington', 'Overall'],
    rows: monthlyRows({
      Camden: [
        72.82, 83.04, 81.88, 86.13, 96.59, 92.86, 85.04, 93.18, 91.16, 91.61, 93.94, 92.57, 93.15, 91.45,
        94.96,
      ],
      Islington: [
        85.84, 85.12, 86.67, 87.6, 93.81, 97.22, 86.67, 86.27, 89.36, 91.27, 92.73, 90.14, 92.25, 94.62,
        95.05,
      ],
      Overall: [
        79.33, 84.08, 84.27, 86.86, 95.2, 95.04, 85.855, 89.725, 90.26, 91.44, 93.335, 91.36, 92.7, 93.03, 95,
      ],
    }),
  },
  {
    slug: 'asb-interventions',
    title: 'ASB interventions by month',
    description:
      'The number of anti-social behaviour (ASB) interventions made each month in Camden and Islington. Under the Anti-Social Behaviour Early Intervention Scheme, the police and partners step in early, in stages: a first warning, a warning letter, a home visit with partners, a Community Protection Warning (CPW) and, if that is breached, a Community Protection Notice (CPN). The paper does not break the figures down by type of intervention. The total is Camden and Islington added together.',
    kind: 'monthly',
    unit: 'count',
    source: ISLINGTON_DEC_2023,
    period: 'August 2022 to October 2023',
    series: ['Camden', 'Islington', 'Total'],
    rows: monthlyRows({
      Camden: [20, 18, 12, 22, 7, 12, 29, 35, 33, 29, 30, 50, 60, 53, 25],
      Islington: [66, 65, 51, 24, 53, 77, 52, 93, 180, 117, 55, 108, 155, 178, 113],
      Total: [86, 83, 63, 46, 60, 89, 81, 128, 213, 146, 85, 158, 215, 231, 138],
    }),
  },
];
