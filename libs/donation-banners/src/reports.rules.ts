/** Donation banners: report figures (CTR interval, byline attribution) (pure). */

// ---------------------------------------------------------------------------------------------
// Reports

const Z95 = 1.959963984540054;

/**
 * RULE: the Wilson score interval (95 %) for a click-through rate: honest for small counts and
 * rates near 0, unlike the normal approximation. Clicks above impressions are capped.
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): { rate: number; low: number; high: number } | null {
  if (trials <= 0) return null;
  const k = Math.min(Math.max(successes, 0), trials);
  const p = k / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  // the bounds are exactly 0 and 1 at the extremes (floating point would leave ~1e-17)
  return { rate: p, low: k === 0 ? 0 : Math.max(0, center - half), high: k === trials ? 1 : Math.min(1, center + half) };
}

export interface ReportTotals {
  impressions: number;
  clicks: number;
  dismissals: number;
  conversions: number;
}

/** One byline of an article: who is credited. */
export interface BannerByline {
  articleId: string;
  contributorId: string;
  name: string;
}

/**
 * RULE: a campaign's counts attributed to the articles' bylines: each contributor gets the full
 * totals of every article crediting them; most conversions first (then clicks, impressions,
 * contributor id), at most `limit` rows.
 */
export function attributeToBylines(
  perArticle: readonly (ReportTotals & { articleId: string })[],
  bylines: readonly BannerByline[],
  limit: number,
): (ReportTotals & { contributorId: string; name: string })[] {
  const byArticle = new Map(perArticle.map((r) => [r.articleId, r]));
  const out = new Map<string, ReportTotals & { contributorId: string; name: string }>();
  for (const b of bylines) {
    const t = byArticle.get(b.articleId);
    if (!t) continue;
    const row = out.get(b.contributorId) ?? { contributorId: b.contributorId, name: b.name, impressions: 0, clicks: 0, dismissals: 0, conversions: 0 };
    row.impressions += t.impressions;
    row.clicks += t.clicks;
    row.dismissals += t.dismissals;
    row.conversions += t.conversions;
    out.set(b.contributorId, row);
  }
  return [...out.values()]
    .sort(
      (x, y) =>
        y.conversions - x.conversions ||
        y.clicks - x.clicks ||
        y.impressions - x.impressions ||
        (x.contributorId < y.contributorId ? -1 : x.contributorId > y.contributorId ? 1 : 0),
    )
    .slice(0, limit);
}
