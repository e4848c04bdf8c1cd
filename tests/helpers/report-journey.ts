// One resident's answers to the /report questions, step by step, as the no-JavaScript forms post
// them (POST /report/<step>?_action=report.<step>): shared by the tests and benchmarks that drive
// the journey over HTTP.
export function reportSteps(description: string, email: string): [string, Record<string, string>][] {
  return [
    ['what', { category: 'noise' }],
    ['where', { ward: 'holloway', location: 'Outside the library' }],
    ['when', { timing: 'ongoing', frequency: 'Most nights' }],
    ['details', { description, impact: 'We cannot sleep' }],
    ['contact', { anonymous: 'no', name: 'Sam Resident', email, phone: '', preference: '' }],
  ];
}
