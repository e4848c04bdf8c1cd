// The optional equality monitoring questions asked with a Ward Panel or Youth Advisory Forum
// application: the Office for National Statistics' 2021 Census categories for England and Wales
// (ethnic group with its five high-level groups, religion, sex, gender identity, and the Equality Act
// disability measure), each with "Prefer not to say"; age in bands (the Census's own bands are
// five-year, ours follow the panels' age rules: 14–15 and 16–17 matter for the Forum). Pure data,
// light enough for the application island. Every answer is optional: a skipped question is stored as
// null, "Prefer not to say" as `prefer_not_to_say`.

export const PREFER_NOT_TO_SAY = 'prefer_not_to_say';

export interface EqualityOption {
  value: string;
  label: string;
  /** Ethnic group only: the high-level group it belongs to (the value of one of ETHNIC_GROUP_GROUPS). */
  group?: string;
}

export interface EqualityQuestion {
  /** Form field name and equality_responses column (camelCase in Drizzle). */
  name: 'ageBand' | 'sex' | 'genderIdentity' | 'ethnicGroup' | 'disability' | 'religion';
  legend: string;
  hint?: string;
  options: readonly EqualityOption[];
}

const notSay: EqualityOption = { value: PREFER_NOT_TO_SAY, label: 'Prefer not to say' };

export const ETHNIC_GROUP_GROUPS: readonly EqualityOption[] = [
  { value: 'asian', label: 'Asian, Asian British or Asian Welsh' },
  { value: 'black', label: 'Black, Black British, Black Welsh, Caribbean or African' },
  { value: 'mixed', label: 'Mixed or Multiple ethnic groups' },
  { value: 'white', label: 'White' },
  { value: 'other', label: 'Other ethnic group' },
];

export const EQUALITY_QUESTIONS: readonly EqualityQuestion[] = [
  {
    name: 'ageBand',
    legend: 'What is your age?',
    options: [
      { value: '14-15', label: '14 to 15' },
      { value: '16-17', label: '16 to 17' },
      { value: '18-24', label: '18 to 24' },
      { value: '25-34', label: '25 to 34' },
      { value: '35-44', label: '35 to 44' },
      { value: '45-54', label: '45 to 54' },
      { value: '55-64', label: '55 to 64' },
      { value: '65-74', label: '65 to 74' },
      { value: '75+', label: '75 or over' },
      notSay,
    ],
  },
  {
    name: 'sex',
    legend: 'What is your sex?',
    options: [{ value: 'female', label: 'Female' }, { value: 'male', label: 'Male' }, notSay],
  },
  {
    name: 'genderIdentity',
    legend: 'Is the gender you identify with the same as your sex registered at birth?',
    options: [{ value: 'same', label: 'Yes' }, { value: 'different', label: 'No' }, notSay],
  },
  {
    name: 'ethnicGroup',
    legend: 'What is your ethnic group?',
    options: [
      { value: 'bangladeshi', label: 'Bangladeshi', group: 'asian' },
      { value: 'chinese', label: 'Chinese', group: 'asian' },
      { value: 'indian', label: 'Indian', group: 'asian' },
      { value: 'pakistani', label: 'Pakistani', group: 'asian' },
      { value: 'other_asian', label: 'Any other Asian background', group: 'asian' },
      { value: 'african', label: 'African', group: 'black' },
      { value: 'caribbean', label: 'Caribbean', group: 'black' },
      {
        value: 'other_black',
        label: 'Any other Black, Black British or Caribbean background',
        group: 'black',
      },
      { value: 'white_asian', label: 'White and Asian', group: 'mixed' },
      { value: 'white_black_african', label: 'White and Black African', group: 'mixed' },
      { value: 'white_black_caribbean', label: 'White and Black Caribbean', group: 'mixed' },
      { value: 'other_mixed', label: 'Any other Mixed or Multiple ethnic background', group: 'mixed' },
      {
        value: 'white_british',
        label: 'English, Welsh, Scottish, Northern Irish or British',
        group: 'white',
      },
      { value: 'irish', label: 'Irish', group: 'white' },
      { value: 'gypsy_traveller', label: 'Gypsy or Irish Traveller', group: 'white' },
      { value: 'roma', label: 'Roma', group: 'white' },
      { value: 'other_white', label: 'Any other White background', group: 'white' },
      { value: 'arab', label: 'Arab', group: 'other' },
      { value: 'other_ethnic', label: 'Any other ethnic group', group: 'other' },
      notSay,
    ],
  },
  {
    name: 'disability',
    legend:
      'Do you have a physical or mental health condition or illness lasting, or expected to last, 12 months or more that reduces your ability to carry out day-to-day activities?',
    options: [
      { value: 'yes_a_lot', label: 'Yes, a lot' },
      { value: 'yes_a_little', label: 'Yes, a little' },
      { value: 'no', label: 'No' },
      notSay,
    ],
  },
  {
    name: 'religion',
    legend: 'What is your religion?',
    options: [
      { value: 'none', label: 'No religion' },
      { value: 'christian', label: 'Christian' },
      { value: 'buddhist', label: 'Buddhist' },
      { value: 'hindu', label: 'Hindu' },
      { value: 'jewish', label: 'Jewish' },
      { value: 'muslim', label: 'Muslim' },
      { value: 'sikh', label: 'Sikh' },
      { value: 'other', label: 'Any other religion' },
      notSay,
    ],
  },
];

/** The allowed values of one question (for zod enums and checks). */
export function equalityValues(name: EqualityQuestion['name']): readonly string[] {
  const q = EQUALITY_QUESTIONS.find((x) => x.name === name);
  if (!q) throw new RangeError(`No equality question ${name}`);
  return q.options.map((o) => o.value);
}
