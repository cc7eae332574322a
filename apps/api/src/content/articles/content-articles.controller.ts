import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiMovedPermanentlyResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { ActionCtx, ContentApi, ContentApiOrPermission, Public, RequirePermission, type ActionContext } from '#libs/identity';
import { ContentCache, type CachedResponse } from '#libs/publication';
import { DomainError, isSlug } from '#libs/kernel';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import { ContentPagesService } from './content-pages.service.js';
import { ArticlePageQuery, CardListQuery, FeedQuery, IndexQuery, KeyQuery, LegacyRedirectQuery, ListQuery, PageQuery, SearchQuery } from './content.dto.js';
import { cacheKey, parseContentUrl, sendContent } from './content-http.js';
import { ArticleExtras } from './article-extras.js';
import {
  ContentArticlePageResponse,
  ContentCardPageResponse,
  ContentContributorIndexResponse,
  ContentContributorPageResponse,
  ContentIndexResponse,
  ContentTagIndexResponse,
  ContentCorrectionsPageResponse,
  ContentPreviewPageResponse,
  ContentRedirectResponse,
  ContentSearchPageResponse,
  ContentSectionPageResponse,
  ContentSectionsResponse,
  ContentSiteSettingsResponse,
  ContentTagPageResponse,
} from './content-responses.dto.js';

const slugParam = (slug: string): string => {
  if (!isSlug(slug)) {
    throw new DomainError('validation', 'VALIDATION_FAILED', 'The request is not valid.', [
      { field: 'slug', code: 'isSlug', message: 'slug must be lower-case words joined by hyphens' },
    ]);
  }
  return slug;
};

@ApiTags('content')
@Controller()
@ApiErrors({ 400: [], 401: ['API_KEY_MISSING', 'API_KEY_INVALID'] })
export class ContentArticlesController {
  constructor(
    private readonly pages: ContentPagesService,
    private readonly cache: ContentCache,
    private readonly extras: ArticleExtras,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async serve(req: FastifyRequest, reply: FastifyReply, render: () => Promise<CachedResponse>): Promise<void> {
    sendContent(req, reply, await this.cache.get(cacheKey(parseContentUrl(req.url)), render), this.config);
  }

  @Get('v1/content/articles/:slug')
  @ContentApi()
  @ApiOperation({
    summary: 'The whole article page: kicker, headline, dek, bylines, dates, tags, top image with credit, body, corrections, related stories, donation banner, newsletter box',
  })
  @ApiOkResponse({ type: ContentArticlePageResponse, description: 'ETag, Cache-Control and Surrogate-Key headers; 304 on If-None-Match.' })
  @ApiMovedPermanentlyResponse({ type: ContentRedirectResponse, description: 'An old slug: Location names the current one.' })
  @ApiErrors({ 404: { codes: ['ARTICLE_NOT_FOUND'], note: 'drafts, scheduled, unpublished and archived pieces do not exist here' } })
  async article(@Param('slug') slug: string, @Query() q: ArticlePageQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    slugParam(slug);
    const page = await this.cache.get(cacheKey(parseContentUrl(req.url)), () => this.pages.articlePage(slug));
    sendContent(req, reply, await this.extras.personalize(page, q.reader), this.config);
  }

  @Get('v1/content/articles/by-id/:id')
  @ContentApi()
  @ApiOperation({ summary: 'The whole article page by article id (static rebuilds: a webhook names the id; the slug may have changed since)' })
  @ApiOkResponse({ type: ContentArticlePageResponse, description: 'The same page as GET /v1/content/articles/{slug}.' })
  @ApiErrors({ 404: { codes: ['ARTICLE_NOT_FOUND'], note: 'not live' } })
  async articleById(@Param('id', UuidPipe) id: string, @Query() q: ArticlePageQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const page = await this.cache.get(cacheKey(parseContentUrl(req.url)), () => this.pages.articlePageById(id));
    sendContent(req, reply, await this.extras.personalize(page, q.reader), this.config);
  }

  @Get('v1/content/redirects')
  @ContentApi()
  @ApiOperation({ summary: 'Where an address of the old site (a WordPress permalink, `/?p=<id>`) lives now: 301 to the article, or 404 REDIRECT_NOT_FOUND' })
  @ApiMovedPermanentlyResponse({ type: ContentRedirectResponse, description: 'Location: /v1/content/articles/<slug>; body `{"location": ...}`' })
  @ApiErrors({ 404: { codes: ['REDIRECT_NOT_FOUND'], note: 'no live piece had this address' } })
  async legacyRedirect(@Query() q: LegacyRedirectQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.legacyRedirect(q.path));
  }

  @Get('v1/content/articles')
  @ContentApi()
  @ApiOperation({ summary: 'Live articles, newest first; filter by section, tag, contributor or type slug; keyset pagination (cursor)' })
  @ApiOkResponse({ type: ContentCardPageResponse, description: 'With `fields=`, each card holds only those members and `articleId`.' })
  async list(@Query() q: ListQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.list(q));
  }

  @Get('v1/content/latest')
  @ContentApiOrPermission('articles.read')
  @ApiOperation({
    summary: 'The LATEST rail: newest live pieces across sections',
    description: "A content key, or the bearer token of a desk account (the desk's preview shows the rail; answered `private`).",
  })
  @ApiOkResponse({ type: ContentCardPageResponse, description: 'With `fields=`, each card holds only those members and `articleId`.' })
  async latest(@Query() q: CardListQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    // read with a bearer token (the desk): never stored by a shared cache
    const viaDesk = Boolean((req as FastifyRequest & { actor?: unknown }).actor);
    sendContent(req, reply, await this.cache.get(cacheKey(parseContentUrl(req.url)), () => this.pages.list(q)), this.config, viaDesk);
  }

  @Get('v1/content/search')
  @ContentApi()
  @ApiOperation({ summary: 'Full-text search over headline, dek, body, tags and bylines (ranked, with <mark> snippets)' })
  @ApiOkResponse({ type: ContentSearchPageResponse })
  async search(@Query() q: SearchQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.search(q.q, q.limit, q.offset));
  }

  @Get('v1/content/sections')
  @ContentApi()
  @ApiOperation({ summary: 'Sections with their live article counts' })
  @ApiOkResponse({ type: ContentSectionsResponse })
  async sections(@Query() _q: KeyQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.sections());
  }

  @Get('v1/content/types')
  @ContentApi()
  @ApiOperation({ summary: 'Article types with their live article counts' })
  @ApiOkResponse({ type: ContentIndexResponse })
  async types(@Query() q: IndexQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.index('type', q.limit));
  }

  @Get('v1/content/tags')
  @ContentApi()
  @ApiOperation({ summary: 'Tags that have live articles, with counts, the most used first' })
  @ApiOkResponse({ type: ContentTagIndexResponse })
  async tags(@Query() q: IndexQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.index('tag', q.limit));
  }

  @Get('v1/content/contributors')
  @ContentApi()
  @ApiOperation({ summary: 'Contributors with live bylines, with counts, the most published first' })
  @ApiOkResponse({ type: ContentContributorIndexResponse })
  async contributors(@Query() q: IndexQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.index('contributor', q.limit));
  }

  @Get('v1/content/sections/:slug')
  @ContentApi()
  @ApiOperation({ summary: 'A section and its live articles' })
  @ApiOkResponse({ type: ContentSectionPageResponse })
  @ApiErrors({ 404: ['SECTION_NOT_FOUND'] })
  async section(@Param('slug') slug: string, @Query() q: CardListQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    slugParam(slug);
    await this.serve(req, reply, () => this.pages.section(slug, q));
  }

  @Get('v1/content/tags/:slug')
  @ContentApi()
  @ApiOperation({ summary: 'A tag and its live articles' })
  @ApiOkResponse({ type: ContentTagPageResponse })
  @ApiErrors({ 404: ['TAG_NOT_FOUND'] })
  async tag(@Param('slug') slug: string, @Query() q: CardListQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    slugParam(slug);
    await this.serve(req, reply, () => this.pages.tag(slug, q));
  }

  @Get('v1/content/contributors/:slug')
  @ContentApi()
  @ApiOperation({ summary: 'A contributor page: profile and live articles (old or merged slugs answer 301)' })
  @ApiOkResponse({ type: ContentContributorPageResponse })
  @ApiMovedPermanentlyResponse({ type: ContentRedirectResponse, description: 'Old or merged profile slug' })
  @ApiErrors({ 404: ['CONTRIBUTOR_NOT_FOUND'] })
  async contributor(@Param('slug') slug: string, @Query() q: CardListQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    slugParam(slug);
    await this.serve(req, reply, () => this.pages.contributor(slug, q));
  }

  @Get('v1/content/settings')
  @ContentApi()
  @ApiOperation({
    summary:
      'Site settings and navigation: title, description, logo, social accounts, preferred-source link, menus (primary, footer), the newsletter box copy and lists (per section)',
  })
  @ApiOkResponse({ type: ContentSiteSettingsResponse, description: 'Cached and purged like pages (Surrogate-Key site-settings).' })
  async settings(@Query() _q: KeyQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.settings());
  }

  @Get('v1/content/corrections')
  @ContentApi()
  @ApiOperation({ summary: 'Corrections, clarifications and retractions on live pieces, newest first' })
  @ApiOkResponse({ type: ContentCorrectionsPageResponse })
  async corrections(@Query() q: PageQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.corrections(q.limit, q.cursor));
  }

  @Get('v1/content/preview/:token')
  @ContentApiOrPermission('articles.review')
  @ApiOperation({
    summary: 'A draft, by preview token only (never cached), with the teasers, newsletter box and banners the live page would carry',
    description: 'A content key, or (for the desk, which holds none) the bearer token of an account that may mint preview links (articles.review).',
  })
  @ApiOkResponse({ type: ContentPreviewPageResponse })
  @ApiErrors({ 404: { codes: ['PREVIEW_NOT_FOUND'], note: 'unknown, expired or revoked' } })
  async preview(@Param('token') token: string, @Query() _q: KeyQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendContent(req, reply, await this.pages.preview(token), this.config, true);
  }

  @Get('v1/admin/articles/:id/preview')
  @RequirePermission('articles.read')
  @ApiTags('admin: articles')
  @ApiOperation({
    summary: 'The working draft as the content API previews it (the payload of /v1/content/preview/{token}), for a piece the caller may see: a writer their own',
    description: 'No preview link is minted (sharing one needs articles.review). Never cached.',
  })
  @ApiOkResponse({ type: ContentPreviewPageResponse })
  @ApiErrors({ 401: [], 403: [], 404: { codes: ['ARTICLE_NOT_FOUND'], note: 'also for pieces the caller may not see' } })
  async draftPreview(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendContent(req, reply, await this.pages.draftPreview(ctx.actor, id), this.config, true);
  }

  @Get('feed.xml')
  @Public()
  @ApiProduces('application/xml')
  @ApiOperation({ summary: 'RSS 2.0 of the latest live pieces (?section=slug for one section)' })
  @ApiOkResponse({ description: 'RSS 2.0', schema: { type: 'string' } })
  @ApiErrors({ 404: [] })
  async feed(@Query() q: FeedQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.feed(q.section));
  }

  @Get('sitemap.xml')
  @Public()
  @ApiProduces('application/xml')
  @ApiOperation({ summary: 'Sitemap of live pieces' })
  @ApiOkResponse({ description: 'sitemap 0.9', schema: { type: 'string' } })
  async sitemap(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.sitemap());
  }

  @Get('news-sitemap.xml')
  @Public()
  @ApiProduces('application/xml')
  @ApiOperation({ summary: 'Google News sitemap: pieces from the last 48 hours' })
  @ApiOkResponse({ description: 'news sitemap', schema: { type: 'string' } })
  async newsSitemap(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.serve(req, reply, () => this.pages.newsSitemap());
  }
}
