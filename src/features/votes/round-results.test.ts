import { describe, expect, it } from 'vitest';
import type { Round } from './round-read.server.ts';
import { voteResultsCsv, voteResultsJson } from './round-results.ts';

const ward = { slug: 'bunhill', name: 'Bunhill', borough: { name: 'Islington' } };
const round: Round = {
  id: 7,
  ward: { id: 1, slug: 'bunhill', name: 'Bunhill' },
  opensAt: new Date('2026-10-01T08:00:00Z'),
  closesAt: new Date('2026-10-22T17:00:00Z'),
  maxChoices: 2,
  showCountsWhileOpen: false,
  openedAt: new Date('2026-10-01T08:00:00Z'),
  closedAt: new Date('2026-10-20T12:00:00Z'),
  closedEarlyReason: 'The panel met early',
  decidedAt: new Date('2026-10-25T18:00:00Z'),
  decisionReason: 'Most voters chose it',
  options: [
    { id: 1, position: 1, title: '=HYPERLINK("http://example.org")', description: 'Patrols', chosen: true },
    { id: 2, position: 2, title: 'Nitrous oxide', description: '+1 for this', chosen: false },
  ],
  state: 'decided',
};
const results = [{ round, tally: { counts: [{ optionId: 1, votes: 40 }], turnout: 52 } }];

describe('vote results as open data', () => {
  it('gives each option its count (0 when nobody chose it), the turnout and the decision, in JSON', () => {
    const data = JSON.parse(voteResultsJson(ward, results, 'https://portal.example/wards/bunhill'));
    expect(data.licence.name).toBe('Open Government Licence v3.0');
    expect(data.rounds[0]).toMatchObject({
      id: 7,
      closed: '2026-10-20T12:00:00.000Z',
      turnout: 52,
      decisionReason: 'Most voters chose it',
      options: [
        { votes: 40, chosen: true },
        { title: 'Nitrous oxide', votes: 0, chosen: false },
      ],
    });
  });

  it('writes one CSV row per option, formulas escaped', () => {
    const csv = voteResultsCsv(ward, results);
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://example.org"")",Patrols,40,yes`);
    expect(lines[2]).toContain(`Nitrous oxide,'+1 for this,0,no`);
  });

  it('leaves "chosen" empty while the panel has not decided', () => {
    const open = [{ ...results[0], round: { ...round, decidedAt: null, decisionReason: null } }];
    const csv = voteResultsCsv(ward, open as typeof results);
    expect(csv.trim().split('\n')[1]).toMatch(/,40,,,$/);
  });
});
