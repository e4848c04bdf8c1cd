// Monthly newsletters, autumn 2024, written from the committee papers in ../shared/seeds:
// 000 (Camden Culture and Environment Scrutiny Committee, 7 October 2024: New Met for London and
// Camden's Local Action Plan) and 003 (Camden Community Safety Report). Seeded issues are on the web
// and in the feeds; they are never emailed (sent_at stays null).

export interface NewsletterSeed {
  slug: string;
  title: string;
  summary: string;
  issueDate: string;
  audience: 'all' | 'borough' | 'wards';
  borough?: string;
  wards?: string[];
  body: string;
}

export const newsletterSeeds: NewsletterSeed[] = [
  {
    slug: '2024-09-a-new-met-for-london-progress',
    title: 'A New Met for London: where Central North has got to',
    summary:
      'The plan behind local policing in Camden and Islington: more trust, less crime and high standards, and what has changed on the ground.',
    issueDate: '2024-09-30',
    audience: 'all',
    body: `Welcome to the first monthly newsletter from Central North, the police command for Camden and Islington. Each month we will tell you what we promised, what we have done and how you can take part.

## A New Met for London

The Met’s plan, *A New Met for London*, sets out three aims: **more trust, less crime and high standards**. The goal is a police force where local communities know their officers, help shape policing priorities and work with the police to reduce crime and anti-social behaviour, and where victims are satisfied with the response when they ask for help.

Its priorities include keeping serious violence low and doing more to solve rape, domestic abuse, child abuse and other predatory offending. The Met is also making its strongest push in 50 years to improve standards, tackling corruption and discrimination in all their forms.

## Your ward, your priorities

Each ward’s priorities are set with its Ward Panel and tracked in a Proactive Management Plan, so you can see progress and impact. Neighbourhood Ward Team supervisors attend Ward Panels to answer for that progress.

## Keeping you informed

The Local Action Plan promises a monthly newsletter and community meetings to keep you informed and to hear your concerns. This is that newsletter: you can read every issue on this website, follow the feeds, or subscribe by email.

In an emergency, always call 999. To report a crime or get help, call 101.`,
  },
  {
    slug: '2024-10-camdens-local-action-plan',
    title: 'Camden’s Local Action Plan: ten actions, and Project Vigilant',
    summary:
      'Camden’s ten local actions went to the Culture and Environment Scrutiny Committee on 7 October 2024; Project Vigilant targets violence against women and girls at night.',
    issueDate: '2024-10-31',
    audience: 'borough',
    borough: 'camden',
    body: `On 7 October 2024 the Met’s Camden Borough Command Unit took **Camden’s Local Action Plan** to the council’s Culture and Environment Scrutiny Committee. The plan turns *A New Met for London* into ten actions tailored to Camden.

## Some of the ten actions

- **Strengthening neighbourhood policing**: more visible officers, more problem-solving, and ward priorities governed by Proactive Management Plans.
- **Greater involvement of citizens in policing**: a Ward Panel Improvement Plan so that panels reflect the people they serve, including a Camden Youth Advisory Forum, and dedicated Community Liaison Officers working with community partners.
- **Coordinated crime fighting**: problem-solving plans for each cluster, monitored every month at a Partnership Performance Forum.
- **Improving communication**: a monthly newsletter and community meetings, and Neighbourhood Ward Teams attending community meetings face to face, for example with the Somali community and faith forums.

## Project Vigilant

Project Vigilant is a pre-emptive policing operation against violence towards women and girls in the evening and night-time economy. Uniformed and plain-clothes officers work in and around venues to spot predatory behaviour and stop violence moving elsewhere.

Camden Council supports the project with £85,000 and keeps the Camden Safety Hub open into the early hours on operation nights, to support the work and to point vulnerable people to help.`,
  },
  {
    slug: '2024-11-clear-hold-build-in-somers-town',
    title: 'Clear, Hold, Build comes to Somers Town',
    summary:
      'Camden’s first Clear, Hold, Build: police, the council and partners working together to reduce crime and improve the area, with extra Home Office funding for patrols.',
    issueDate: '2024-11-29',
    audience: 'wards',
    wards: ['st-pancras-and-somers-town'],
    body: `Camden’s first **Clear, Hold, Build** (CHB) is in Somers Town.

## What Clear, Hold, Build means

CHB is a multi-agency approach. Police first *clear* an area of the people causing the most harm, then *hold* it with visible patrols so that the problem does not come back, while the council, local services and residents *build* a safer neighbourhood together.

## What is happening in Somers Town

- Police, the council and partners are working together to reduce crime and improve the area.
- Additional Home Office funding has been secured for hotspot patrols and deployments.
- Progress will be reported through the ward’s priorities, which are set with the Ward Panel and tracked in a Proactive Management Plan.

## Have your say

Ward Panels bring residents and community groups together with the ward’s police team to set its priorities. Ask your Safer Neighbourhood team how to join.`,
  },
  {
    slug: '2024-12-how-to-report-anti-social-behaviour',
    title: 'How to report anti-social behaviour',
    summary:
      'Anti-social behaviour and drugs are residents’ number one concern. Who to call, when, and the council patrol you can call out without giving your details.',
    issueDate: '2024-12-16',
    audience: 'borough',
    borough: 'camden',
    body: `Anti-social behaviour (ASB) and drugs are the concerns residents raise most often. If ASB is causing alarm or distress to you or to the community where you live, report it.

## To Camden Council’s Community Safety Service

- Use the council’s online form to report anti-social behaviour.
- Or phone 020 7974 4444 (9am to 5pm, Monday to Friday): go through the options until you are asked to hold, then choose option 6 for Community Safety.

## On a council estate, 4pm to 4am

If you are a Camden council tenant or leaseholder and the ASB is happening on a council estate between 4pm and 4am, call the **Responsive Security Patrol** on 020 7974 4444 (every day). The patrol’s five vehicles deter and disrupt ASB on housing land, and you can call them out **without giving your personal details**.

## To the police

- For non-emergencies, call **101**.
- In an emergency, always call **999**.`,
  },
];
