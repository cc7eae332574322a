import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ArticlesService, etagOf, type ArticleEntity } from '#libs/articles';
import { WorkflowService } from '#libs/editorial-workflow';
import { AccountsService, ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { PreviewLinksService, PublicationService } from '#libs/publication';
import { Transactions } from '#libs/database';
import { ApiErrors } from '../../http/api-errors.js';
import { PositiveIntPipe, UuidPipe } from '../../http/uuid.pipe.js';
import {
  ArticleAdminResponse,
  ArticlePageResponse,
  ArticleSummaryResponse,
  CorrectionRequest,
  CorrectionResponse,
  CreatePreviewLinkRequest,
  CreatedPreviewLinkResponse,
  PreviewLinkResponse,
  CreateArticleRequest,
  DiffQuery,
  FieldChangeResponse,
  ListArticlesQuery,
  RevisionResponse,
  OfferedActionResponse,
  TransitionLogResponse,
  TransitionRequestDto,
  UpdateArticleRequest,
} from './articles.dto.js';
import { IfMatchVersion } from './if-match.js';

const IF_MATCH = { name: 'If-Match', required: true, description: 'The ETag last read, e.g. "v3". Missing -> 428, stale -> 412.' };

@ApiTags('admin: articles')
@Controller('v1/admin/articles')
@ApiErrors({ 400: [], 401: [], 403: [], 404: { codes: ['ARTICLE_NOT_FOUND'], note: 'also for pieces the caller may not see' } })
export class ArticlesController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly workflow: WorkflowService,
    private readonly publication: PublicationService,
    private readonly previews: PreviewLinksService,
    private readonly tx: Transactions,
    private readonly accounts: AccountsService,
  ) {}

  private async respond(a: ArticleEntity, reply: FastifyReply): Promise<ArticleAdminResponse> {
    void reply.header('etag', etagOf(a.version));
    const res = ArticleAdminResponse.from(a, a.status === 'draft' ? await this.workflow.openChangeRequest(a.id) : null);
    // who holds the soft lock, in words (the desk shows it)
    if (a.lockHolderId)
      res.lock.holderName = await this.accounts.get(a.lockHolderId).then(
        (h) => h.displayName,
        () => null,
      );
    return res;
  }

  @Post()
  @RequirePermission('articles.write')
  @ApiOperation({ summary: 'Create a draft (the caller owns it)' })
  @ApiCreatedResponse({ type: ArticleAdminResponse })
  async create(@Body() body: CreateArticleRequest, @ActionCtx() ctx: ActionContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.respond(await this.articles.create(ctx, body), reply);
  }

  @Get()
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'List articles, most recently changed first (contributors: their own)' })
  @ApiOkResponse({ type: ArticlePageResponse })
  async list(@Query() q: ListArticlesQuery, @ActionCtx() ctx: ActionContext): Promise<ArticlePageResponse> {
    const page = await this.articles.list(ctx.actor, { ...q, mine: q.mine === 'true' });
    return { items: page.items.map((a) => ArticleSummaryResponse.from(a)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'The working draft, with its ETag' })
  @ApiOkResponse({ type: ArticleAdminResponse })
  async get(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.respond(await this.articles.get(ctx.actor, id), reply);
  }

  @Patch(':id')
  @RequirePermission('articles.write')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Save the working draft (a new revision); the live copy is untouched until republished' })
  @ApiOkResponse({ type: ArticleAdminResponse })
  @ApiErrors({
    409: ['ARTICLE_NOT_EDITABLE', 'ARTICLE_EMBARGO_FROZEN'],
    412: { codes: ['ARTICLE_VERSION_MISMATCH'], note: 'meta: currentVersion' },
    423: ['ARTICLE_LOCKED'],
    428: ['ARTICLE_IF_MATCH_REQUIRED'],
  })
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateArticleRequest,
    @IfMatchVersion() version: number,
    @ActionCtx() ctx: ActionContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.respond(await this.articles.update(ctx, id, version, body), reply);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @RequirePermission('articles.write')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Take a workflow action (submit, request_changes, approve, publish, schedule, unschedule, unpublish, archive, restore)' })
  @ApiOkResponse({ type: ArticleAdminResponse })
  @ApiErrors({
    409: { codes: ['WORKFLOW_INVALID_TRANSITION', 'WORKFLOW_EMBARGOED', 'ARTICLE_SLUG_TAKEN'], note: 'and the publish gate codes, PUBLISH_GATE_<FIELD>_MISSING' },
    412: [],
    423: [],
    428: [],
  })
  async transition(
    @Param('id', UuidPipe) id: string,
    @Body() body: TransitionRequestDto,
    @IfMatchVersion() version: number,
    @ActionCtx() ctx: ActionContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.respond(await this.workflow.transition(ctx, id, version, body), reply);
  }

  @Get(':id/actions')
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'The workflow actions the caller may take on this piece now (from the transition table), each with what it needs and what blocks it' })
  @ApiOkResponse({ type: [OfferedActionResponse] })
  async actions(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<OfferedActionResponse[]> {
    return (await this.workflow.offered(ctx, id)).map((o) => OfferedActionResponse.from(o));
  }

  @Get(':id/transitions')
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'The transition log, oldest first' })
  @ApiOkResponse({ type: [TransitionLogResponse] })
  async transitions(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<TransitionLogResponse[]> {
    return (await this.workflow.history(ctx, id)).map((t) => TransitionLogResponse.from(t));
  }

  @Get(':id/revisions')
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'Revisions, newest first' })
  @ApiOkResponse({ type: [RevisionResponse] })
  async revisions(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<RevisionResponse[]> {
    const a = await this.articles.get(ctx.actor, id);
    return (await this.articles.revisions(ctx.actor, id)).map((r) => RevisionResponse.from(r, a.liveRevisionId));
  }

  @Get(':id/revisions/diff')
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'Field-by-field differences between two revisions' })
  @ApiOkResponse({ type: [FieldChangeResponse] })
  async diff(@Param('id', UuidPipe) id: string, @Query() q: DiffQuery, @ActionCtx() ctx: ActionContext): Promise<FieldChangeResponse[]> {
    return (await this.articles.diff(ctx.actor, id, q.from, q.to)).map((c) => FieldChangeResponse.from(c));
  }

  @Get(':id/revisions/:number')
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'One revision with all its fields' })
  @ApiOkResponse({ type: RevisionResponse })
  async revision(@Param('id', UuidPipe) id: string, @Param('number', PositiveIntPipe) number: number, @ActionCtx() ctx: ActionContext): Promise<RevisionResponse> {
    const a = await this.articles.get(ctx.actor, id);
    return RevisionResponse.from(await this.articles.revision(ctx.actor, id, number), a.liveRevisionId);
  }

  @Post(':id/revisions/:number/restore')
  @HttpCode(200)
  @RequirePermission('articles.write')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Restore a revision as a new revision' })
  @ApiOkResponse({ type: ArticleAdminResponse })
  @ApiErrors({ 412: [], 428: [] })
  async restore(
    @Param('id', UuidPipe) id: string,
    @Param('number', PositiveIntPipe) number: number,
    @IfMatchVersion() version: number,
    @ActionCtx() ctx: ActionContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.respond(await this.articles.restore(ctx, id, version, number), reply);
  }

  @Post(':id/lock')
  @HttpCode(200)
  @RequirePermission('articles.write')
  @ApiOperation({ summary: 'Take (or renew) the soft edit lock' })
  @ApiOkResponse({ type: ArticleAdminResponse })
  @ApiErrors({ 423: { codes: ['ARTICLE_LOCKED'], note: 'meta.lock: holder and since' } })
  async lock(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.respond(await this.articles.takeLock(ctx, id), reply);
  }

  @Put(':id/lock')
  @RequirePermission('articles.write')
  @ApiOperation({ summary: 'Heartbeat: keep holding the edit lock (it lapses after 2 minutes without one)' })
  @ApiOkResponse({ type: ArticleAdminResponse })
  @ApiErrors({ 409: ['ARTICLE_LOCK_NOT_HELD'] })
  async heartbeat(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.respond(await this.articles.heartbeat(ctx, id), reply);
  }

  @Delete(':id/lock')
  @HttpCode(204)
  @RequirePermission('articles.write')
  @ApiOperation({ summary: 'Release the edit lock' })
  @ApiNoContentResponse()
  async unlock(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<void> {
    await this.articles.releaseLock(ctx, id);
  }

  @Post(':id/lock/takeover')
  @HttpCode(200)
  @RequirePermission('articles.review')
  @ApiOperation({ summary: 'Take over someone else’s edit lock (editors)' })
  @ApiOkResponse({ type: ArticleAdminResponse })
  async takeover(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.respond(await this.articles.takeLock(ctx, id, true), reply);
  }

  @Post(':id/corrections')
  @RequirePermission('articles.publish')
  @ApiOperation({ summary: 'Attach a correction, clarification or retraction (shown publicly, in order)' })
  @ApiCreatedResponse({ type: CorrectionResponse })
  @ApiErrors({ 409: ['ARTICLE_NOT_PUBLISHED'] })
  async correct(@Param('id', UuidPipe) id: string, @Body() body: CorrectionRequest, @ActionCtx() ctx: ActionContext): Promise<CorrectionResponse> {
    const c = await this.articles.addCorrection(ctx, id, body.kind, body.text);
    await this.tx.run((tx) => this.publication.refresh(tx, id));
    return CorrectionResponse.from(c);
  }

  @Get(':id/corrections')
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'Corrections in order' })
  @ApiOkResponse({ type: [CorrectionResponse] })
  async corrections(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<CorrectionResponse[]> {
    await this.articles.get(ctx.actor, id);
    return (await this.articles.corrections(id)).map((c) => CorrectionResponse.from(c));
  }

  @Post(':id/bylines/refresh')
  @HttpCode(204)
  @RequirePermission('articles.publish')
  @ApiOperation({ summary: 'Re-read contributor titles/affiliations into the live bylines (they are kept as of publication otherwise)' })
  @ApiNoContentResponse()
  async refreshBylines(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<void> {
    await this.articles.get(ctx.actor, id);
    await this.tx.run((tx) => this.publication.refresh(tx, id, { refreshBylines: true }));
  }

  @Post(':id/preview-links')
  @RequirePermission('articles.review')
  @ApiOperation({ summary: 'Mint a preview link for the working draft (token shown once; expires; revocable)' })
  @ApiCreatedResponse({ type: CreatedPreviewLinkResponse })
  async createPreview(@Param('id', UuidPipe) id: string, @Body() body: CreatePreviewLinkRequest, @ActionCtx() ctx: ActionContext): Promise<CreatedPreviewLinkResponse> {
    const { link, token } = await this.previews.create(ctx, id, body.expiresInHours);
    return { ...PreviewLinkResponse.from(link), token, path: `/v1/content/preview/${token}` };
  }

  @Get(':id/preview-links')
  @RequirePermission('articles.review')
  @ApiOperation({ summary: 'Preview links of an article (never their tokens)' })
  @ApiOkResponse({ type: [PreviewLinkResponse] })
  async listPreviews(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<PreviewLinkResponse[]> {
    return (await this.previews.list(ctx, id)).map((l) => PreviewLinkResponse.from(l));
  }

  @Delete(':id/preview-links/:linkId')
  @RequirePermission('articles.review')
  @ApiOperation({ summary: 'Revoke a preview link' })
  @ApiOkResponse({ type: PreviewLinkResponse })
  async revokePreview(@Param('id', UuidPipe) id: string, @Param('linkId', UuidPipe) linkId: string, @ActionCtx() ctx: ActionContext): Promise<PreviewLinkResponse> {
    return PreviewLinkResponse.from(await this.previews.revoke(ctx, id, linkId));
  }
}
