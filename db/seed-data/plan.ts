// Central North (Camden and Islington) Local Action Plan: the 10 actions, each borough's
// commitments and dated progress updates. Drawn only from the committee papers in
// ../shared/seeds/ (000: Camden, 7 Oct 2024; 001: Islington, 11 Dec 2023; 002: Islington,
// 18 Jul 2024; 003: Camden Community Safety Report 2023). Pure data.
import type { PlanActionSeed } from './types.ts';

const CAMDEN_OCT_2024 = 'Camden Culture and Environment Scrutiny Committee, 7 October 2024';
const ISLINGTON_JUL_2024 = 'Islington Homes and Community Scrutiny, 18 July 2024';
const ISLINGTON_DEC_2023 = 'Islington Policy and Performance Scrutiny Committee, 11 December 2023';
const CAMDEN_CSR_2023 = 'Camden Community Safety Report 2023';
const ISLINGTON_BOTH = `${ISLINGTON_JUL_2024}; ${ISLINGTON_DEC_2023}`;

export const planActions: PlanActionSeed[] = [
  {
    number: 1,
    title: 'Strengthening Neighbourhood Policing',
    summary:
      'Neighbourhood officers will be more visible, solve local problems and work closely with residents. Each ward’s policing priorities are shaped by the community.',
    pillars: ['more_trust', 'less_crime'],
    commitments: {
      camden: {
        statement:
          'The Met will deliver a programme to enhance neighbourhood policing, increasing visibility, problem-solving and community engagement.',
        points: [
          'Ward priorities will be governed using Proactive Management Plans (PMPs) to monitor progress and impact.',
          'Resources will target high-crime areas, using initiatives like Clear, Hold, Build (CHB) and Operation Nightingale to strengthen community safety.',
          'Camden’s ward priorities will be community-driven, with Neighbourhood Ward Team supervisors attending Ward Panels for accountability.',
        ],
        source: CAMDEN_OCT_2024,
      },
      islington: {
        statement:
          'We will deliver a programme to Strengthen Neighbourhood Policing on Islington to deliver greater visibility, local problem solving and engagement.',
        points: [
          'A weekly hotspot meeting with Islington Council’s Community Safety team, attended by police inspectors. Anti-social behaviour (ASB) hotspots are identified using both Met and Islington Council data.',
          'Joint patrols by police, Parkguard, Targeted Youth Support and Islington Council officers.',
          'Local policing is being restructured to line up with council ward boundaries.',
        ],
        source: ISLINGTON_BOTH,
      },
    },
    updates: [
      {
        date: '2023-12-11',
        status: 'on_track',
        headline: 'Weekly hotspot meetings and joint patrols in Islington',
        body: 'Police inspectors meet Islington Council’s Community Safety team every week to agree where the anti-social behaviour (ASB) hotspots are. The hotspots are chosen using both police and council data.\n\nJoint patrols bring together police, Parkguard, Targeted Youth Support and Islington Council officers. The police also told the committee they are restructuring local teams so that they line up with council ward boundaries.',
        source: ISLINGTON_DEC_2023,
      },
      {
        date: '2024-07-18',
        status: 'on_track',
        headline: 'Islington’s neighbourhood policing team set out',
        body: 'The first-year design for Islington’s neighbourhood policing includes 1 superintendent, 1 chief inspector, 4 inspectors, 16.5 sergeants, 85 constables and 41 Police Community Support Officers (PCSOs).\n\nEach ward is given a priority level. High and medium priority wards each have their own sergeant. In standard priority wards, one sergeant covers 2 wards.\n\nThe design also includes 2 anti-social behaviour officers, a problem-solving officer, a street population officer and 3 youth engagement officers. A hate crime officer, a faith officer and a race and diversity officer are shared with Camden.',
        source: ISLINGTON_JUL_2024,
      },
      {
        date: '2024-10-07',
        status: 'on_track',
        headline: 'Camden ward priorities tracked through Proactive Management Plans',
        body: 'Each Camden ward’s policing priorities are managed through a Proactive Management Plan (PMP), which tracks progress and impact. The community shapes the priorities, and Neighbourhood Ward Team supervisors attend Ward Panels to account for progress.\n\nThe Met told the committee that Proactive Management Plans, Clear, Hold, Build and dedicated Community Liaison Officers are helping to strengthen community ties, improve safety and reduce crime.',
        source: CAMDEN_OCT_2024,
      },
      {
        date: '2024-10-07',
        status: 'on_track',
        headline: 'Fewer anti-social behaviour calls and burglaries across the Met',
        body: 'Across the Met, calls about anti-social behaviour have fallen by 10%. Residential burglary fell by 6% over the last 12 months, and nearly all burglary calls are attended.\n\nThese are London-wide figures reported to Camden’s scrutiny committee. They are not figures for Camden or Islington alone.',
        source: CAMDEN_OCT_2024,
      },
    ],
  },
  {
    number: 2,
    title: 'Enhancing our Professionalism',
    summary:
      'Raising standards of behaviour among officers and staff. A board oversees complaints and culture, and supervisors check in regularly with all staff.',
    pillars: ['more_trust', 'high_standards'],
    commitments: {
      camden: {
        statement:
          'The Met is committed to promoting professionalism, raising standards, and supporting Culture, Diversity and Inclusion across Camden.',
        points: [
          'A Professionalism Board, chaired by the Borough Command Unit (BCU) Commander, oversees complaints and cultural issues with input from Independent Advisory Boards and local authority staff.',
          'Supervisors conduct regular professionalism health checks with all staff.',
        ],
        source: CAMDEN_OCT_2024,
      },
      islington: {
        statement:
          'We will enhance our professionalism to ensure that Islington officers have the highest standards.',
        points: [],
        source: ISLINGTON_JUL_2024,
      },
    },
    updates: [
      {
        date: '2024-10-07',
        status: 'on_track',
        headline: 'Professionalism Board oversees complaints and culture',
        body: 'A Professionalism Board, chaired by the Borough Command Unit (BCU) Commander, oversees complaints and issues about culture. Independent Advisory Boards and council staff give their views to the board.\n\nSupervisors carry out regular professionalism health checks with all their staff.',
        source: CAMDEN_OCT_2024,
      },
      {
        date: '2024-10-07',
        status: 'on_track',
        headline: 'Met’s strongest push in 50 years to improve standards',
        body: 'The Met says it is making its strongest push in 50 years to improve standards. This includes tackling corruption and all forms of discrimination.\n\nThis is Met-wide work, reported to Camden’s scrutiny committee alongside the local plan.',
        source: CAMDEN_OCT_2024,
      },
    ],
  },
  {
    number: 3,
    title: 'Greater Involvement of Citizens in Policing',
    summary:
      'Giving residents and community groups a real say in local policing, through Ward Panels, advisory forums and dedicated liaison officers.',
    pillars: ['more_trust'],
    commitments: {
      camden: {
        statement:
          'The Met will implement the Citizens in Policing Strategy to harness the concerns, tensions, sentiments and viewpoints of all Camden’s communities and partner agencies to develop and shape local policing.',
        points: [
          'A Ward Panel Improvement Plan will ensure advisory forums have diverse representation and include a Camden Youth Advisory Forum.',
          'Dedicated Camden Community Liaison Officers will manage relationships with community partners to foster sustainable partnerships.',
        ],
        source: CAMDEN_OCT_2024,
      },
      islington: {
        statement:
          'We will deliver a Citizens in Policing Strategy to harness and capture the concerns, tensions, sentiments and viewpoints of all Islington’s communities and our partner agencies to develop and shape local policing delivery.',
        points: ['Police take part in local community meetings and Ward Panels.'],
        source: ISLINGTON_BOTH,
      },
    },
    updates: [
      {
        date: '2023-12-31',
        status: 'on_track',
        headline: 'Camden Council and the Met shaping a local plan with residents',
        body: 'Camden Council has worked with the Met to co-produce a local version of the New Met for London plan with people who live, work, study and visit Camden, so that it fits the borough’s needs.\n\nJoint walkabouts with council housing staff, the Met and others help to find and act on priority anti-social behaviour concerns. Feedback is shared at community meetings such as Tenants and Residents Associations, District Management Committees and Ward Safer Neighbourhood Panels.',
        source: CAMDEN_CSR_2023,
      },
      {
        date: '2024-10-07',
        status: 'on_track',
        headline: 'Community Liaison Officers working with Camden partners',
        body: 'Dedicated Community Liaison Officers manage the Met’s relationships with community partners in Camden, to build partnerships that last.\n\nThe Met told the committee that these officers are helping to strengthen community ties.',
        source: CAMDEN_OCT_2024,
      },
      {
        date: '2024-10-07',
        status: 'not_started',
        headline: 'Plan to make Camden’s advisory forums more representative',
        body: 'A Ward Panel Improvement Plan will make sure advisory forums reflect the diversity of Camden’s communities. It will include a Camden Youth Advisory Forum.',
        source: CAMDEN_OCT_2024,
      },
    ],
  },
  {
    number: 4,
    title: 'Delivering Coordinated Crime Fighting',
    summary:
      'The police and their partners, including the councils, work to a joint plan to cut crime and anti-social behaviour in the places that need it most.',
    pillars: ['less_crime'],
    commitments: {
      camden: {
        statement:
          'The Met will work with internal and external partners to deliver a coordinated crime-fighting plan across Camden.',
        points: [
          'Problem-Solving Crime Fighting Plans will be developed for each cluster, monitored through a monthly Partnership Performance Forum.',
          'A focus on the night-time economy through initiatives like Project Vigilant to combat violence against women and girls (VAWG).',
          'Deliver the first Clear, Hold, Build (CHB) in Somers Town, taking a multi-agency approach to reduce crime and improve the area. Additional Home Office funding has been secured to support hotspot patrols and deployments.',
          'Cross-border operations with neighbouring boroughs and police services aim for long-term impacts on crime reduction.',
        ],
        source: CAMDEN_OCT_2024,
      },
      islington: {
        statement:
          'We will work with our internal and external partners to deliver Islington’s Coordinated Crime Fighting Plan.',
        points: [
          'Piloting Clear, Hold, Build (CHB) with partners and community stakeholders, with Phase One to be delivered under the Love Finsbury Park banner.',
          'A week of action on nitrous oxide in night-time economy areas such as Cowper Street, as part of a wider project to tackle anti-social behaviour and crime.',
          'Cleaner Safer Islington: working with Islington Council to reduce crime and anti-social behaviour in the Nags Head area.',
          'Developing a Performance Management Meeting, chaired jointly with partners, to track delivery and whether interventions work.',
        ],
        source: ISLINGTON_BOTH,
      },
    },
    updates: [
      {
        date: '2023-12-11',
        status: 'on_track',
        headline: 'Police and Islington Council review how they tackle anti-social behaviour',
        body: 'The police and Islington Council held a governance workshop on 4 October 2023. It found a need for joint priorities, fewer overlapping meetings and better tracking of actions and results.\n\nThe police also held an anti-social behaviour workshop with senior partners. They are now setting up a jointly chaired Performance Management Meeting. It will use a performance framework to check that work is delivered and that interventions are effective.',
        source: ISLINGTON_DEC_2023,
      },
      {
        date: '2023-12-11',
        status: 'done',
        headline: 'Week of action on nitrous oxide in Islington’s night-time economy',
        body: 'The police held a week of action on nitrous oxide in night-time economy areas such as Cowper Street.\n\nThe week is part of a wider project to tackle anti-social behaviour and crime using new legislation.',
        source: ISLINGTON_DEC_2023,
      },
      {
        date: '2023-12-11',
        status: 'on_track',
        headline: 'Clear, Hold, Build pilot moving to Phase One in Finsbury Park',
        body: 'The police are piloting Clear, Hold, Build (CHB) in three boroughs with partners and community stakeholders. They reported significant progress, with Phase One to be delivered under the Love Finsbury Park banner.\n\nThe police are also working with Islington Council on Cleaner Safer Islington, which focuses on reducing crime and anti-social behaviour in the Nags Head area.',
        source: ISLINGTON_DEC_2023,
      },
      {
        date: '2023-12-31',
        status: 'on_track',
        headline: 'Council funding supports Project Vigilant in Camden',
        body: 'Project Vigilant uses uniformed and plain-clothes officers to target violence against women and girls in evening and night-time venues. It aims to prevent violence and identify predatory behaviour.\n\nCamden Council supports the project with £85,000 of funding. On operation nights, the council keeps the Camden Safety Hub open until the early hours to support the work and point vulnerable people to further help.',
        source: CAMDEN_CSR_2023,
      },
      {
        date: '2024-07-18',
        status: 'on_track',
        headline: 'Knife crime, hate crime and robbery down in Islington in 2023–24',
        body: 'Figures reported to Islington’s Homes and Community Scrutiny committee compare the 2023–24 financial year with 2022–23. Knife crime fell by 9.2%, from 437 to 397 offences. Hate crime (excluding domestic abuse) fell by 9.5%, from 905 to 819. Personal robbery fell by 5.7%, from 1,065 to 1,004. There were no lethal barrel discharges, compared with 5 the year before.\n\nSome crimes rose. Theft from the person went up by 5.3%, from 2,688 to 2,830. Violence with injury rose by 0.4%, from 2,269 to 2,278. There were 4 homicides in each year.',
        source: ISLINGTON_JUL_2024,
      },
      {
        date: '2024-10-07',
        status: 'on_track',
        headline: 'First Clear, Hold, Build in Somers Town, Camden',
        body: 'Camden’s first Clear, Hold, Build (CHB) is being delivered in Somers Town. Partners are working together to reduce crime and improve the area. Extra Home Office funding has been secured to pay for hotspot patrols and deployments.\n\nProblem-Solving Crime Fighting Plans will also be developed for each cluster of wards, and checked at a monthly Partnership Performance Forum.',
        source: CAMDEN_OCT_2024,
      },
    ],
  },
  {
    number: 5,
    title: 'Developing and Supporting our People',
    summary:
      'Training, supporting and developing officers and staff, and recruiting and keeping more people from under-represented communities.',
    pillars: ['high_standards'],
    commitments: {
      camden: {
        statement:
          'The Met will invest in developing its officers and staff to ensure Camden has the best officers and staff who are equipped to deliver More Trust, Less Crime, and High Standards.',
        points: [
          'A Culture, Diversity and Inclusion Board will focus on recruitment and retention, especially from under-represented communities.',
          'Regular career planning conversations with line managers will support staff development and promotions.',
        ],
        source: CAMDEN_OCT_2024,
      },
      islington: {
        statement:
          'We will develop and support our people to ensure we have the best officers and staff who are equipped to deliver More Trust, Less Crime and High Standards.',
        points: [],
        source: ISLINGTON_JUL_2024,
      },
    },
    updates: [
      {
        date: '2024-10-07',
        status: 'not_started',
        headline: 'Board to improve recruitment from under-represented communities',
        body: 'A Culture, Diversity and Inclusion Board will focus on recruiting and keeping officers and staff, especially people from under-represented communities.',
        source: CAMDEN_OCT_2024,
      },
      {
        date: '2024-10-07',
        status: 'not_started',
        headline: 'Regular career conversations for officers and staff',
        body: 'Line managers will hold regular career planning conversations with their officers and staff. These will support people’s development and promotion.',
        source: CAMDEN_OCT_2024,
      },
    ],
  },
  {
    number: 6,
    title: 'Improving our Communication',
    summary:
      'Keeping residents and partners informed, through community meetings, a monthly newsletter and face-to-face contact with local officers.',
    pillars: ['more_trust'],
    commitments: {
      camden: {
        statement:
          'The Met will enhance communication to ensure maximum reach across Camden’s communities and partners.',
        points: [
          'A critical incident checklist and Silver Groups have been introduced for managing serious incidents.',
          'A monthly newsletter and community meetings will keep the public informed and address concerns.',
          'Camden’s Neighbourhood Ward Teams are required to attend community meetings so that residents can meet officers face to face, to improve confidence. Examples include meetings with the Somali community and faith forums.',
        ],
        source: CAMDEN_OCT_2024,
      },
      islington: {
        statement:
          'We will improve our communication to ensure maximum reach across our communities and partners.',
        points: [
          'Safer Spaces Walk & Talk events, run with Islington Council to engage positively with local communities.',
        ],
        source: ISLINGTON_BOTH,
      },
    },
    updates: [
      {
        date: '2023-12-11',
        status: 'on_track',
        headline: 'Safer Spaces Walk & Talk events in Islington',
        body: 'The police are working closely with Islington Council to run Safer Spaces Walk & Talk events. The events are a way to engage positively with communities in Islington.',
        source: ISLINGTON_DEC_2023,
      },
      {
        date: '2024-10-07',
        status: 'done',
        headline: 'Critical incident checklist and Silver Groups introduced',
        body: 'A critical incident checklist and Silver Groups have been introduced in Camden to manage serious incidents.',
        source: CAMDEN_OCT_2024,
      },
      {
        date: '2024-10-07',
        status: 'on_track',
        headline: 'Neighbourhood officers attend Camden community meetings',
        body: 'Camden’s Neighbourhood Ward Teams must attend community meetings, so that residents can speak to officers face to face. Examples include meetings with the Somali community and faith forums.\n\nA monthly newsletter and community meetings will also keep the public informed and respond to concerns.',
        source: CAMDEN_OCT_2024,
      },
    ],
  },
  {
    number: 7,
    title: 'Taking a Trauma-Informed Approach to Policing',
    summary:
      'Recognising the effect of trauma on communities and on police officers and staff, and making sure the police response takes it into account.',
    pillars: ['more_trust', 'high_standards'],
    commitments: {
      camden: {
        statement:
          'The Met will implement and deliver a Trauma-Informed approach to Policing that reflects the trauma of Camden’s communities and its staff and officers.',
        points: [
          'A Wellbeing Hub will provide compassionate support to staff dealing with traumatic incidents.',
          'Line managers will conduct regular health checks, and staff will receive training on community-based trauma to enhance cultural competency.',
        ],
        source: CAMDEN_OCT_2024,
      },
      islington: {
        statement:
          'We will deliver a Trauma Informed Approach to Policing ensuring that our response reflects the trauma of our communities and our staff.',
        points: [],
        source: ISLINGTON_JUL_2024,
      },
    },
    updates: [
      {
        date: '2024-10-07',
        status: 'not_started',
        headline: 'Wellbeing Hub to support staff after traumatic incidents',
        body: 'A Wellbeing Hub will give compassionate support to staff who deal with traumatic incidents.',
        source: CAMDEN_OCT_2024,
      },
      {
        date: '2024-10-07',
        status: 'not_started',
        headline: 'Health checks and training on trauma in communities',
        body: 'Line managers will carry out regular health checks with their staff.\n\nStaff will also be trained on trauma in communities, to improve their understanding of the different cultures they serve.',
        source: CAMDEN_OCT_2024,
      },
    ],
  },
  {
    number: 8,
    title: 'Strengthening Public Protection',
    summary:
      'Protecting people from serious harm, with a focus on violence against women and girls, domestic abuse and serious sexual offences.',
    pillars: ['less_crime'],
    commitments: {
      camden: {
        statement: 'The Met will deliver a programme to strengthen public protection on Camden.',
        points: [
          'A new Violence Against Women and Girls (VAWG) Action Plan for the Borough Command Unit (BCU), aligned with the Met’s strategy, has been implemented. It focuses on cross-strand delivery of activity to target offenders and support victims, and is overseen by a new VAWG Board chaired by the BCU Commander. The plan focuses on building trust and confidence, relentless pursuit of perpetrators, and safer spaces.',
          'An uplift in staff in the Public Protection Unit will focus on domestic abuse and serious sexual offences.',
          'Camden Council’s VAWG Team is delivering training to all Safer Neighbourhood Teams.',
          'Operation Dauntless and the 100 VAWG mechanisms have led to closer scrutiny and management of high-risk wanted offenders and perpetrators.',
        ],
        source: CAMDEN_OCT_2024,
      },
      islington: {
        statement: 'We will deliver a programme to Strengthen Public Protection on Islington.',
        points: [],
        source: ISLINGTON_JUL_2024,
      },
    },
    updates: [
      {
        date: '2023-12-31',
        status: 'on_track',
        headline: 'Night-time patrols and licensing visits to keep women safe in Camden',
        body: 'Women’s safety is a key priority in the Met’s seasonal plans. Officers carry out dedicated patrols in the evening and night-time economy, including over Christmas and New Year.\n\nLate-Night Levy funding pays for a Domestic Abuse Utility Vehicle. Officers visit licensed premises with Camden’s licensing officers and enforce the ‘Ask for Angela’ scheme. Plain-clothes officers patrol licensed premises and problem locations to tackle misogynistic behaviour and prevent crimes against women and girls.',
        source: CAMDEN_CSR_2023,
      },
      {
        date: '2024-10-07',
        status: 'done',
        headline: 'New action plan and board to tackle violence against women and girls',
        body: 'A new Violence Against Women and Girls (VAWG) Action Plan is in place for the Borough Command Unit (BCU). It is aligned with the Met’s strategy and aims to target offenders and support victims. A new VAWG Board, chaired by the BCU Commander, drives delivery.\n\nThe plan focuses on building trust and confidence, relentlessly pursuing perpetrators, and creating safer spaces.',
        source: CAMDEN_OCT_2024,
      },
      {
        date: '2024-10-07',
        status: 'on_track',
        headline: 'Closer management of high-risk offenders through Operation Dauntless',
        body: 'Operation Dauntless and the ‘100 VAWG mechanisms’ have led to closer scrutiny and management of high-risk wanted offenders and perpetrators.\n\nCamden Council’s VAWG team is training all Safer Neighbourhood Teams. More staff will join the Public Protection Unit to focus on domestic abuse and serious sexual offences.',
        source: CAMDEN_OCT_2024,
      },
      {
        date: '2024-10-07',
        status: 'done',
        headline: 'Backlog of online child abuse cases cleared across the Met',
        body: 'The Met has cleared its backlog of online child abuse cases.\n\nThis is Met-wide progress reported to Camden’s scrutiny committee.',
        source: CAMDEN_OCT_2024,
      },
    ],
  },
  {
    number: 9,
    title: 'Protecting the Most Vulnerable',
    summary:
      'Stepping in early to keep people at risk safe, including young people and people whose homes are taken over by criminals, known as cuckooing.',
    pillars: ['more_trust'],
    commitments: {
      camden: {
        statement:
          'The Met will continue its efforts to protect vulnerable individuals, focusing on early intervention and safeguarding.',
        points: [
          'The DIVERT app will engage 14 to 25-year-olds to prevent crime.',
          'Working with the council and local schools to ensure Safer Schools Officers are deployed within local secondary schools and actively engaged with primary schools, with ongoing work and commitment to early intervention and prevention.',
          'Expanded initiatives like Operation Pantera will safeguard vulnerable individuals, including those at risk of being ‘cuckooed’ (having their home taken over by criminals).',
          'Building stronger relationships with community organisations including Fitzrovia Youth in Action, Regents Park Guardians and Voluntary Action in Camden to engage, safeguard and support the most vulnerable in Camden’s communities.',
        ],
        source: CAMDEN_OCT_2024,
      },
      islington: {
        statement:
          'We will deliver a programme to protect the most vulnerable people in Islington, working with Islington Council and partners to intervene early and keep people safe.',
        points: [
          'Operation Pantera: two meetings a month on cuckooing (one to triage cases, one with all partners) to agree actions on the highest-risk cases.',
          'A monthly repeat callers meeting with Islington Council, working with mental health, support and housing colleagues to address vulnerabilities.',
          'A monthly Community Multi-Agency Risk Assessment Conference (Community MARAC) where complex anti-social behaviour cases are discussed and solutions agreed.',
          'The Early Intervention Scheme meets twice a month with Islington Council to tackle the places, people and addresses causing the most anti-social behaviour.',
        ],
        source: ISLINGTON_BOTH,
      },
    },
    updates: [
      {
        date: '2023-12-11',
        status: 'on_track',
        headline: 'Partnership meetings protect vulnerable people in Islington',
        body: 'Under Operation Pantera, the police and Islington Council meet twice a month about cuckooing, where criminals take over a vulnerable person’s home. One meeting triages cases. At the other, all partners agree actions on the highest-risk cases. The tools considered include closure orders.\n\nA monthly repeat callers meeting with the council compares and prioritises lists of repeat callers. Mental health workers, support workers and housing staff help to address people’s vulnerabilities. A monthly Community Multi-Agency Risk Assessment Conference (Community MARAC) discusses complex anti-social behaviour cases and agrees solutions.\n\nThe police told the committee that the repeat callers and Community MARAC meetings are working well.',
        source: ISLINGTON_DEC_2023,
      },
      {
        date: '2023-12-31',
        status: 'on_track',
        headline: 'Operation Midnight targets cuckooing in Camden',
        body: 'Operation Midnight is a joint operation between Camden Council, the Met’s Integrated Offender Management team and Operation Pantera teams. It puts extra resources into known addresses of concern.\n\nThis allows enforcement such as surveillance, search warrants and arrests of people who carry out cuckooing.',
        source: CAMDEN_CSR_2023,
      },
      {
        date: '2024-10-07',
        status: 'on_track',
        headline: 'Safer Schools Officers and community partners in Camden',
        body: 'The Met is working with Camden Council and local schools so that Safer Schools Officers are deployed in local secondary schools and actively engaged with primary schools. The aim is to intervene early and prevent harm.\n\nThe Met is also building stronger relationships with community organisations such as Fitzrovia Youth in Action, Regents Park Guardians and Voluntary Action in Camden, to support the most vulnerable people in Camden.',
        source: CAMDEN_OCT_2024,
      },
      {
        date: '2024-10-07',
        status: 'not_started',
        headline: 'DIVERT app to reach young people aged 14 to 25',
        body: 'The DIVERT app will engage young people aged 14 to 25 to help prevent crime.',
        source: CAMDEN_OCT_2024,
      },
    ],
  },
  {
    number: 10,
    title: 'Delivering High-Quality Investigations',
    summary:
      'Making sure crimes are investigated to a high standard and proportionately, with more detective sergeants and officers who know the local area.',
    pillars: ['more_trust', 'less_crime'],
    commitments: {
      camden: {
        statement: 'The Met will ensure high-quality and proportionate investigations.',
        points: [
          'Increased numbers of Detective Sergeants will provide better guidance and support.',
          'A rotation scheme between the Criminal Investigation Department (CID) and Neighbourhoods will enhance investigative skills and local knowledge.',
        ],
        source: CAMDEN_OCT_2024,
      },
      islington: {
        statement:
          'We will deliver a programme of work to ensure the delivery of proportionate and high quality investigations.',
        points: [],
        source: ISLINGTON_JUL_2024,
      },
    },
    updates: [
      {
        date: '2024-10-07',
        status: 'on_track',
        headline: 'Over 500 rape and serious sexual offence cases charged across the Met',
        body: 'Across the Met, more than 500 cases of rape and serious sexual offences were charged in the past year. The Met says it is increasingly targeting the most dangerous offenders.\n\nThis is a London-wide figure reported to Camden’s scrutiny committee.',
        source: CAMDEN_OCT_2024,
      },
      {
        date: '2024-10-07',
        status: 'not_started',
        headline: 'More detective sergeants and a detective and neighbourhood rotation',
        body: 'More Detective Sergeants will give investigators better guidance and support.\n\nA rotation scheme will move officers between the Criminal Investigation Department (CID) and neighbourhood teams. This will build investigation skills and local knowledge.',
        source: CAMDEN_OCT_2024,
      },
    ],
  },
];
