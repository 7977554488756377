/** A contact in the demo CRM. */
export interface Contact {
  id: number;
  name: string;
  email: string;
  company: string;
  phone: string;
  owner: string;
}

/** A deal on the pipeline board. */
export interface Deal {
  id: number;
  title: string;
  company: string;
  value: number;
  stage: Stage;
}

export const STAGES = ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won'] as const;
type Stage = (typeof STAGES)[number];

const firstNames = [
  'Ada',
  'Grace',
  'Alan',
  'Barbara',
  'Edsger',
  'Frances',
  'Donald',
  'Margaret',
  'Ken',
  'Radia',
  'Tim',
  'Katherine',
];
const lastNames = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Liskov',
  'Dijkstra',
  'Allen',
  'Knuth',
  'Hamilton',
  'Thompson',
  'Perlman',
  'Berners-Lee',
  'Johnson',
];
const companies = ['Northwind', 'Contoso', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark Industries'];
const owners = ['Maria Chen', 'Sam Patel', 'Jo Rivera'];

export const initialContacts: Contact[] = firstNames.flatMap((first, i) =>
  lastNames.slice(0, 3).map((_, j) => {
    const last = lastNames[(i + j * 5) % lastNames.length]!;
    const company = companies[(i + j) % companies.length]!;
    const id = i * 3 + j + 1;
    return {
      id,
      name: `${first} ${last}`,
      email: `${first}.${last}@${company.replace(/\s/g, '').toLowerCase()}.example`.toLowerCase(),
      company,
      phone: `+1 555 01${String(id).padStart(2, '0')}`,
      owner: owners[id % owners.length]!,
    };
  }),
);

export const initialDeals: Deal[] = companies.flatMap((company, i) => [
  {
    id: i * 2 + 1,
    title: `${company} annual licence`,
    company,
    value: 12_000 + i * 3_500,
    stage: STAGES[i % STAGES.length]!,
  },
  {
    id: i * 2 + 2,
    title: `${company} onboarding`,
    company,
    value: 4_000 + i * 900,
    stage: STAGES[(i + 2) % STAGES.length]!,
  },
]);
