import { ContentApiError, ContentNetworkError, errorOf } from './errors.js';
import type {
  ArticlePage,
  CardField,
  CardOf,
  ContributorIndex,
  IndexQuery,
  TagIndex,
  TypeIndex,
  BannerEvent,
  BannerEventsResponse,
  ContributorPage,
  CorrectionsPage,
  LatestQuery,
  ListQuery,
  PageQuery,
  PreviewPage,
  SearchPage,
  SearchQuery,
  SectionPage,
  SiteNewsletterBox,
  SiteSettings,
  SubscribeRequest,
  SubscribeResponse,
  TagPage,
  components,
} from './types.js';

export interface ContentClientOptions {
  /** Where the api answers, e.g. `https://cms.example.org` (no trailing `/v1`). */
  baseUrl: string;
  /** A content API key (Admin API: POST /v1/admin/api-keys). Sent as `X-Api-Key`. */
  key: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Headers added to every request (e.g. a CDN token). */
  headers?: Record<string, string>;
  /** Milliseconds before a request is aborted with a ContentNetworkError (default 10 000; 0: none). */
  timeoutMs?: number;
}

type Params = Record<string, string | number | boolean | readonly string[] | undefined | null>;

/** A page of a keyset-paginated list. */
export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The content API client: one method per route of the content surface, typed from the api's
 * OpenAPI document (`schema.d.ts`). Errors are `ContentApiError` (an answer with an error code)
 * or `ContentNetworkError` (no answer).
 */
export class ContentClient {
  private readonly base: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: ContentClientOptions) {
    if (!options.baseUrl) throw new TypeError('baseUrl is required');
    if (!options.key) throw new TypeError('key is required');
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.doFetch = options.fetch ?? ((...a) => globalThis.fetch(...a));
  }

  /** The URL a path with these query parameters has (arrays become comma-separated lists). */
  url(path: string, params: Params = {}): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined || v === null || v === '') continue;
      q.set(k, Array.isArray(v) ? v.join(',') : String(v as string | number | boolean));
    }
    const s = q.toString();
    return `${this.base}${path}${s ? `?${s}` : ''}`;
  }

  private async request<T>(method: 'GET' | 'POST', path: string, params: Params = {}, body?: unknown): Promise<T> {
    const timeout = this.options.timeoutMs ?? 10_000;
    const signal = timeout > 0 ? AbortSignal.timeout(timeout) : undefined;
    let res: Response;
    try {
      res = await this.doFetch(this.url(path, params), {
        method,
        headers: { accept: 'application/json', 'x-api-key': this.options.key, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...this.options.headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (e) {
      throw new ContentNetworkError(`${method} ${path}: ${e instanceof Error ? e.message : String(e)}`, e);
    }
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as T;
  }

  /** Who this key is (a cheap check that the key works). */
  status(): Promise<components['schemas']['ContentStatusResponse']> {
    return this.request('GET', '/v1/content/status');
  }

  /**
   * The whole article page. An old slug is followed to the current one (compare `article.slug`
   * with the slug asked to redirect your own URL). `reader`: a stable opaque reader id, so the
   * reader keeps seeing the same donation-banner variant.
   */
  article(slug: string, opts: { reader?: string } = {}): Promise<ArticlePage> {
    return this.request('GET', `/v1/content/articles/${encodeURIComponent(slug)}`, { reader: opts.reader });
  }

  /** The whole article page by article id (static rebuilds from webhooks: the slug may have changed). */
  articleById(id: string, opts: { reader?: string } = {}): Promise<ArticlePage> {
    return this.request('GET', `/v1/content/articles/by-id/${encodeURIComponent(id)}`, { reader: opts.reader });
  }

  /** The page, or null when nothing live has this slug (any other error still throws). */
  async articleOrNull(slug: string, opts: { reader?: string } = {}): Promise<ArticlePage | null> {
    try {
      return await this.article(slug, opts);
    } catch (e) {
      if (e instanceof ContentApiError && e.notFound) return null;
      throw e;
    }
  }

  /**
   * Live articles, newest first publication first; filter by section, tag, contributor or type
   * slug; `exclude` pieces by id or slug; `fields` cuts each card to those members (typed).
   */
  articles<F extends CardField = CardField>(q: ListQuery<F> = {}): Promise<Paged<CardOf<F>>> {
    return this.request('GET', '/v1/content/articles', q as Params);
  }

  /** The LATEST rail: newest live pieces across sections (`exclude`: the piece the rail sits on). */
  latest<F extends CardField = CardField>(q: LatestQuery<F> = {}): Promise<Paged<CardOf<F>>> {
    return this.request('GET', '/v1/content/latest', q as Params);
  }

  /** Article types with their live article counts. */
  types(q: IndexQuery = {}): Promise<TypeIndex> {
    return this.request('GET', '/v1/content/types', q as Params);
  }

  /** Tags with live articles, the most used first. */
  tags(q: IndexQuery = {}): Promise<TagIndex> {
    return this.request('GET', '/v1/content/tags', q as Params);
  }

  /** Contributors with live bylines, the most published first. */
  contributors(q: IndexQuery = {}): Promise<ContributorIndex> {
    return this.request('GET', '/v1/content/contributors', q as Params);
  }

  /** Ranked full-text search with `<mark>` snippets; pages by `offset` (`nextOffset`). */
  search(text: string, q: SearchQuery = {}): Promise<SearchPage> {
    return this.request('GET', '/v1/content/search', { ...q, q: text } as Params);
  }

  /** Sections with their live article counts. */
  sections(): Promise<components['schemas']['ContentSectionsResponse']> {
    return this.request('GET', '/v1/content/sections');
  }

  section(slug: string, q: PageQuery = {}): Promise<SectionPage> {
    return this.request('GET', `/v1/content/sections/${encodeURIComponent(slug)}`, q as Params);
  }

  tag(slug: string, q: PageQuery = {}): Promise<TagPage> {
    return this.request('GET', `/v1/content/tags/${encodeURIComponent(slug)}`, q as Params);
  }

  /** A contributor page (an old or merged slug is followed to the current one). */
  contributor(slug: string, q: PageQuery = {}): Promise<ContributorPage> {
    return this.request('GET', `/v1/content/contributors/${encodeURIComponent(slug)}`, q as Params);
  }

  corrections(q: PageQuery = {}): Promise<CorrectionsPage> {
    return this.request('GET', '/v1/content/corrections', q as Params);
  }

  /** A draft through its preview token (from the desk's "preview link"); never cached. */
  preview(token: string): Promise<PreviewPage> {
    return this.request('GET', `/v1/content/preview/${encodeURIComponent(token)}`);
  }

  /** The site's settings and navigation (title, logo, social accounts, menus, newsletter box copy). */
  settings(): Promise<SiteSettings> {
    return this.request('GET', '/v1/content/settings');
  }

  /** The newsletter box's copy and lists on a page of this section (the section's own box, else the default). */
  static boxFor(settings: SiteSettings, sectionSlug: string | null | undefined): SiteNewsletterBox {
    return settings.sectionBoxes.find((b) => b.section.slug === sectionSlug) ?? settings.newsletterBox;
  }

  /** Where an address of the old site lives now (`/v1/content/articles/<slug>`), or null. */
  async legacyRedirect(path: string): Promise<string | null> {
    try {
      // fetch follows the 301: the URL it ended at is the article's
      const res = await this.doFetch(this.url('/v1/content/redirects', { path }), {
        headers: { accept: 'application/json', 'x-api-key': this.options.key, ...this.options.headers },
        redirect: 'manual',
      });
      if (res.status === 404) return null;
      if (res.status === 301) return res.headers.get('location');
      if (!res.ok) throw await errorOf(res);
      return null;
    } catch (e) {
      if (e instanceof ContentApiError) throw e;
      throw new ContentNetworkError(`GET /v1/content/redirects: ${e instanceof Error ? e.message : String(e)}`, e);
    }
  }

  /** The newsletter box's signup (double opt-in: the reader gets a confirmation mail). */
  subscribe(body: SubscribeRequest): Promise<SubscribeResponse> {
    return this.request('POST', '/v1/content/newsletter/subscriptions', {}, body);
  }

  /** Banner impressions and clicks (each with its own eventId, reused on retries). */
  bannerEvents(events: BannerEvent[]): Promise<BannerEventsResponse> {
    return this.request('POST', '/v1/content/donation-campaigns/events', {}, { events });
  }

  /**
   * Every page of a keyset-paginated list, one after the other (`for await (const page of ...)`):
   * `c.pages((cursor) => c.articles({ section: 'europe', cursor }))`.
   */
  async *pages<T>(fetchPage: (cursor: string | undefined) => Promise<Paged<T>>): AsyncGenerator<Paged<T>> {
    let cursor: string | undefined;
    for (;;) {
      const page = await fetchPage(cursor);
      yield page;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /** Every item of a keyset-paginated list (`for await (const card of c.each(...))`). */
  async *each<T>(fetchPage: (cursor: string | undefined) => Promise<Paged<T>>): AsyncGenerator<T> {
    for await (const page of this.pages(fetchPage)) yield* page.items;
  }

  /** Every live article matching a filter, newest first (`for await (const card of c.allArticles({ tag }))`). */
  allArticles<F extends CardField = CardField>(q: Omit<ListQuery<F>, 'cursor'> = {}): AsyncGenerator<CardOf<F>> {
    return this.each((cursor) => this.articles({ ...q, cursor }));
  }

  /** Every search hit, page by page (offset pagination). */
  async *allSearch(text: string, q: Omit<SearchQuery, 'offset'> = {}): AsyncGenerator<SearchPage['items'][number]> {
    let offset: number | undefined;
    for (;;) {
      const page = await this.search(text, { ...q, offset });
      yield* page.items;
      if (page.nextOffset === null) return;
      offset = page.nextOffset;
    }
  }
}

export const createContentClient = (options: ContentClientOptions): ContentClient => new ContentClient(options);
