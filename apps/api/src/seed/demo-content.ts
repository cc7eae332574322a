/**
 * Demo content written for this project (fictional people and events), shaped like the pages
 * of an online foreign-policy magazine: see ../shared/DOMAIN.md.
 */
export const SECTIONS = [
  { name: 'Europe', description: 'The European Union, its neighbours and its quarrels.' },
  { name: 'Middle East', description: 'From the Levant to the Gulf.' },
  { name: 'Africa', description: 'Politics, security and economies across the continent.' },
  { name: 'Global Crises', description: 'Wars, famines and the institutions meant to stop them.' },
  { name: 'Asia', description: 'Power and trade from the Indian Ocean to the Pacific.' },
];

export const TYPES = ['Analysis', 'News', 'Opinion', 'Interview'];

export const TAGS: { name: string; kind: 'person' | 'place' | 'organization' | 'topic' }[] = [
  { name: 'Chancellor Ilse Marbach', kind: 'person' },
  { name: 'President Aurel Dragan', kind: 'person' },
  { name: 'Prime Minister Noor Haddad', kind: 'person' },
  { name: 'Sahel', kind: 'place' },
  { name: 'Red Sea', kind: 'place' },
  { name: 'NATO', kind: 'organization' },
  { name: 'Energy security', kind: 'topic' },
  { name: 'Migration', kind: 'topic' },
  { name: 'Sanctions', kind: 'topic' },
];

export const CONTRIBUTORS = [
  {
    name: 'Maren Okafor',
    title: 'Senior fellow, Lisbon Institute for European Affairs',
    bio: 'Maren Okafor writes about European security and the politics of coalition-building.',
  },
  { name: 'Tariq Benali', title: 'Staff reporter, Middle East', bio: 'Tariq Benali covers the Gulf and the Levant from Amman.' },
  { name: 'Ines Kovač', title: 'Contributing editor', bio: 'Ines Kovač edits the magazine’s Africa coverage and writes on the Sahel.' },
  { name: 'David Achterberg', title: 'Former diplomat; adjunct professor of international law', bio: 'David Achterberg served twenty years in his country’s foreign service.' },
];

/** Credit parties and images: the three credit forms the site prints. */
export const PARTIES = {
  photographers: ['Lena Fischbach', 'Omar Qadri', 'Palehorse77'],
  agencies: ['NORDLICHT', 'Meridian Images'],
  providers: ['Stockframe.com', 'stockframe.com'],
};

export const IMAGES = [
  {
    url: 'https://images.example.org/demo/summit-handshake.jpg',
    width: 2400,
    height: 1600,
    alt: 'Three heads of government shake hands in front of a row of flags',
    caption: 'Chancellor Ilse Marbach, President Aurel Dragan and Prime Minister Noor Haddad shake hands before their meeting in Valletta, 14 November.',
    credit: { photographer: 'Lena Fischbach', agency: 'NORDLICHT', provider: 'Stockframe.com', form: 'standard', label: 'image' },
  },
  {
    url: 'https://images.example.org/demo/port-cranes.jpg',
    width: 2000,
    height: 1333,
    alt: 'Container cranes at a port at dusk',
    caption: 'Cranes stand idle at a container terminal on the Red Sea coast as shipping companies reroute vessels around the Cape.',
    credit: { photographer: 'Omar Qadri', agency: 'Meridian Images', provider: null, form: 'standard', label: 'photo' },
  },
  {
    url: 'https://images.example.org/demo/desert-convoy.jpg',
    width: 1800,
    height: 1200,
    alt: 'A convoy of trucks crosses a desert road',
    caption: 'A supply convoy crosses the plain north of the regional capital, where aid groups say access has narrowed since the summer.',
    credit: { photographer: 'Palehorse77', agency: null, provider: 'stockframe.com', form: 'via', label: 'image' },
  },
];

export interface DemoArticle {
  headline: string;
  dek: string;
  section: string;
  type: string;
  tags: string[];
  bylines: number[];
  image: number;
  paragraphs: string[];
  publish: boolean;
}

export const ARTICLES: DemoArticle[] = [
  {
    headline: 'Three leaders bet that a small coalition can move faster than the whole union',
    dek: 'The Valletta format is built for speed, but its members disagree about what it is for.',
    section: 'Europe',
    type: 'Analysis',
    tags: ['Chancellor Ilse Marbach', 'President Aurel Dragan', 'Prime Minister Noor Haddad', 'NATO'],
    bylines: [0],
    image: 0,
    publish: true,
    paragraphs: [
      'When the three leaders met in Valletta, they did not pretend to speak for the union. That was the point: a group small enough to agree in an afternoon, and large enough that its decisions could not be ignored.',
      'The communiqué is short. It promises joint purchases of air-defence systems, a rotating command for a maritime mission, and a standing invitation to any government willing to pay its share.',
      'Behind the text lie three different readings. For the chancellor, the format is a way to spend money quickly without waiting for unanimity. For the president, it is a hedge against a union that moves too slowly on the eastern border.',
      'For the prime minister, it is something closer to an insurance policy: a seat at a table that will exist whatever happens in Brussels.',
      'Those readings can coexist for a while. They will collide the first time the group must decide who commands, who pays, and who is allowed to join.',
    ],
  },
  {
    headline: 'Rerouted ships are rewriting the economics of the Red Sea ports',
    dek: 'A year of diversions has emptied terminals that were built for a different map of trade.',
    section: 'Middle East',
    type: 'News',
    tags: ['Red Sea', 'Sanctions'],
    bylines: [1],
    image: 1,
    publish: true,
    paragraphs: [
      'Port officials on the Red Sea coast describe the past year in the language of weather: a storm that would pass. It has not.',
      'Shipping lines that once called weekly now send their largest vessels around the Cape, adding ten days to a voyage and removing the reason to stop at all.',
      'Terminal operators have cut shifts and postponed expansions. Several have asked their governments for guarantees that the routes will return before they invest again.',
      'Insurers, meanwhile, have priced the risk into every contract, and they are in no hurry to take it out.',
    ],
  },
  {
    headline: 'Aid convoys in the Sahel now negotiate with five authorities for one road',
    dek: 'Access has become a market, and humanitarian groups are its least powerful buyers.',
    section: 'Africa',
    type: 'Analysis',
    tags: ['Sahel', 'Migration'],
    bylines: [2],
    image: 2,
    publish: true,
    paragraphs: [
      'A single truck carrying grain north from the regional capital may need permission from an army unit, two local militias, a customs post and a council of elders before it reaches a village.',
      'Each checkpoint has its own price, paid in fuel, in cash or in a share of the cargo. Aid groups say the cost of delivery has tripled in a year.',
      'Donor governments insist that assistance must not enrich armed groups. In practice, the choice is often between paying and not arriving.',
      'The result is a humanitarian system that still exists on paper and in warehouses, but reaches fewer people every month.',
    ],
  },
  {
    headline: 'Sanctions that everyone agrees on are the ones that do the least',
    dek: 'Consensus buys legitimacy, but it also guarantees loopholes wide enough to drive a tanker through.',
    section: 'Global Crises',
    type: 'Opinion',
    tags: ['Sanctions', 'Energy security'],
    bylines: [3],
    image: 1,
    publish: true,
    paragraphs: [
      'Every new sanctions package is announced as the toughest yet. Few are measured by what they change.',
      'The packages that pass easily are the ones that exempt the trade each member cannot do without. The exemptions are then used by everyone else.',
      'A smaller coalition willing to enforce a narrower rule would do more damage than a larger one that agrees on a broad rule it does not police.',
      'That is an uncomfortable conclusion for governments that value unity above all. It is also the lesson of the past decade.',
    ],
  },
  {
    headline: 'The energy deal that kept the lights on is now the deal nobody wants to renew',
    dek: 'A stopgap gas agreement outlived its purpose and became a political liability.',
    section: 'Europe',
    type: 'Analysis',
    tags: ['Energy security', 'Chancellor Ilse Marbach'],
    bylines: [0, 3],
    image: 0,
    publish: true,
    paragraphs: [
      'Three winters ago, the agreement was a rescue. Today it is a line in every opposition speech.',
      'Prices have fallen, storage is full, and the terms that looked generous in a crisis now look like a subsidy to a supplier the government would rather not name.',
      'Renewal talks begin in the spring. Officials say privately that the most likely outcome is a shorter contract with a new name.',
    ],
  },
  {
    headline: 'Interview: a former negotiator on why ceasefires fail in their second month',
    dek: 'The first weeks are about silence; the second month is about who controls the roads.',
    section: 'Global Crises',
    type: 'Interview',
    tags: ['Sahel'],
    bylines: [3],
    image: 2,
    publish: true,
    paragraphs: [
      'Q: Why do so many ceasefires survive their first weeks and then collapse?',
      'A: Because the first weeks are easy. Everyone is tired, and a pause costs nothing. The hard questions come when people try to move goods and families across the lines.',
      'Q: What would you do differently?',
      'A: Write the rules for the roads before the guns go quiet, not after. Every agreement I saw fail, failed at a checkpoint.',
    ],
  },
  {
    headline: 'A shipping insurer’s map shows where the next chokepoint crisis will be',
    dek: 'Premiums are a better early warning than communiqués.',
    section: 'Asia',
    type: 'News',
    tags: ['Red Sea', 'Energy security'],
    bylines: [1],
    image: 1,
    publish: true,
    paragraphs: [
      'Underwriters update their risk maps weekly. Diplomats update theirs when something has already happened.',
      'The latest revisions raise premiums for two narrow straits that rarely make headlines, citing harassment of vessels and a rise in uncharted boarding incidents.',
      'Shipowners say they will pay for now. The question is how long before they, too, start choosing longer routes.',
    ],
  },
  {
    headline: 'What a migration pact would have to promise to survive the next election',
    dek: 'A draft still circulating among ministries; not yet published.',
    section: 'Europe',
    type: 'Opinion',
    tags: ['Migration'],
    bylines: [2],
    image: 2,
    publish: false,
    paragraphs: [
      'This draft is waiting for an editor. It shows that the working copy of a piece stays private until it is published.',
      'Its argument is that any durable pact must promise speed to voters and fairness to courts, and that it cannot do both without money nobody has yet offered.',
    ],
  },
];

export const DONATION_APPEAL = {
  name: 'Year-end appeal',
  variants: [
    {
      name: 'Letter',
      weight: 50,
      headline: 'Dear readers:',
      bodyHtml:
        '<p>Independent analysis costs money, and we do not put it behind a paywall. Our reporting is paid for by readers who think it should stay that way. If our work has helped you understand the year, please consider a contribution before the year ends. Every gift, large or small, keeps the next year’s reporting free for everyone.</p>',
      ctaLabel: 'Give before December 31',
      ctaUrl: 'https://donate.example.org/year-end',
    },
    {
      name: 'Short',
      weight: 50,
      headline: 'Keep this analysis free for everyone',
      bodyHtml: '<p>A year-end gift from readers funds next year’s reporting. <strong>Please give before December 31.</strong></p>',
      ctaLabel: 'Support our work',
      ctaUrl: 'https://donate.example.org/year-end',
    },
  ],
};

export const NEWSLETTER = {
  name: 'Weekly round-up',
  description: 'Subscribe now to our weekly round-up of staff analysis, opinion, and news.',
  consent: 'I agree to receive the weekly round-up by e-mail. I can unsubscribe at any time with one click.',
};
