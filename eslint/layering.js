// The one table of which lib may import which: a lib imports only libs on a LOWER row, and only
// through `#libs/<name>` (its index.ts). Libs on the same row do not import each other. A new lib
// gets a row (or joins one) here; CONTRIBUTING.md explains how to choose it. `npm run lint`
// fails on an import that breaks the table, and on a lib that is not in it.
export const LAYERS = [
  ['kernel', 'outbound'],
  ['config'],
  ['database'],
  ['jobs', 'outbox', 'rate-limit'],
  ['identity', 'mail'],
  ['taxonomy', 'image-credits', 'webhooks', 'newsletter-signups', 'donation-banners'],
  // a profile's avatar is an image of the library: its uses are recorded there
  ['contributors'],
  // the site's settings and navigation: its logo is an image of the library, its box offers lists
  ['site-settings'],
  ['articles'],
  ['related-stories'],
  ['publication'],
  ['editorial-workflow'],
  // libs that react to or drive the whole workflow
  ['notifications', 'wordpress-import'],
  // the composition both apps boot: every feature module, the entity list, the database start
  ['boot'],
];

/** Row of a lib in LAYERS, or -1 when the lib is not in the table. */
export function layerOf(lib) {
  return LAYERS.findIndex((row) => row.includes(lib));
}
