import type { MigrationInterface } from 'typeorm';
import { CreateIdentity1795736550263 } from './1795736550263-CreateIdentity.js';
import { CreateOutboxAndAuditLog1795736889127 } from './1795736889127-CreateOutboxAndAuditLog.js';
import { CreateRateLimitCounters1795737000000 } from './1795737000000-CreateRateLimitCounters.js';
import { CreateImageCredits1795738000000 } from './1795738000000-CreateImageCredits.js';
import { CreateTaxonomyAndContributors1795739000000 } from './1795739000000-CreateTaxonomyAndContributors.js';
import { CreateNewsletterSignups1795760000000 } from './1795760000000-CreateNewsletterSignups.js';
import { CreateDonationBanners1795770000000 } from './1795770000000-CreateDonationBanners.js';
import { CreateArticlesWorkflowPublication1795740000000 } from './1795740000000-CreateArticlesWorkflowPublication.js';
import { CreatePreviewLinks1795741000000 } from './1795741000000-CreatePreviewLinks.js';
import { CreateRelatedStories1795750000000 } from './1795750000000-CreateRelatedStories.js';
import { CreateWebhooks1795755000000 } from './1795755000000-CreateWebhooks.js';
import { CreateAccountTokens1795780000000 } from './1795780000000-CreateAccountTokens.js';
import { ReadModelTeasers1795790000000 } from './1795790000000-ReadModelTeasers.js';
import { ArticlesSlugIndex1795800000000 } from './1795800000000-ArticlesSlugIndex.js';
import { ReadModelPageBody1795810000000 } from './1795810000000-ReadModelPageBody.js';
import { PublishedSearch1795820000000 } from './1795820000000-PublishedSearch.js';
import { ReadModelCard1795830000000 } from './1795830000000-ReadModelCard.js';
import { ReadModelPageTag1795840000000 } from './1795840000000-ReadModelPageTag.js';
import { SearchMonthLexemes1795850000000 } from './1795850000000-SearchMonthLexemes.js';
import { ImageLicenseMayDistribute1796165973645 } from './1796165973645-ImageLicenseMayDistribute.js';
import { BylineSnapshots1796168048728 } from './1796168048728-BylineSnapshots.js';
import { ImageUsesAvatars1796169642813 } from './1796169642813-ImageUsesAvatars.js';
import { ReadModelFirstPublication1796166532441 } from './1796166532441-ReadModelFirstPublication.js';
import { CreateNotifications1796167632850 } from './1796167632850-CreateNotifications.js';
import { LegacyPaths1796169894458 } from './1796169894458-LegacyPaths.js';
import { CreateWordpressImports1796169894459 } from './1796169894459-CreateWordpressImports.js';
import { TriggerFunctionsFile1796186537173 } from './1796186537173-TriggerFunctionsFile.js';
import { CreateSiteSettings1796187644342 } from './1796187644342-CreateSiteSettings.js';
import { ReadModelCardText1796230032003 } from './1796230032003-ReadModelCardText.js';
import { CompactCardImages1796231150579 } from './1796231150579-CompactCardImages.js';
import { ArticleListSearchIndexes1796188191033 } from './1796188191033-ArticleListSearchIndexes.js';
import { WordpressImportInvite1796229163097 } from './1796229163097-WordpressImportInvite.js';
import { ArticleListWordSearch1796230684474 } from './1796230684474-ArticleListWordSearch.js';
import { ArticleSocialOverrides1796230946023 } from './1796230946023-ArticleSocialOverrides.js';
import { WebhookSlugChangeEvent1796231273555 } from './1796231273555-WebhookSlugChangeEvent.js';
import { PublishedTags1796232875259 } from './1796232875259-PublishedTags.js';
import { Lz4ReadModelColumns1796349190917 } from './1796349190917-Lz4ReadModelColumns.js';
import { AsciiCardText1796411458473 } from './1796411458473-AsciiCardText.js';

export { TRIGGER_FUNCTIONS, applyFunctions, createFunctionSql, functionDrift, type TriggerFunction } from './functions.js';

/** Every migration, in order. Frozen once merged: add new files, never edit old ones. */
export const migrations: (new () => MigrationInterface)[] = [
  CreateIdentity1795736550263,
  CreateOutboxAndAuditLog1795736889127,
  CreateRateLimitCounters1795737000000,
  CreateImageCredits1795738000000,
  CreateTaxonomyAndContributors1795739000000,
  CreateArticlesWorkflowPublication1795740000000,
  CreatePreviewLinks1795741000000,
  CreateRelatedStories1795750000000,
  CreateWebhooks1795755000000,
  CreateNewsletterSignups1795760000000,
  CreateDonationBanners1795770000000,
  CreateAccountTokens1795780000000,
  ReadModelTeasers1795790000000,
  ArticlesSlugIndex1795800000000,
  ReadModelPageBody1795810000000,
  PublishedSearch1795820000000,
  ReadModelCard1795830000000,
  ReadModelPageTag1795840000000,
  SearchMonthLexemes1795850000000,
  ImageLicenseMayDistribute1796165973645,
  ReadModelFirstPublication1796166532441,
  CreateNotifications1796167632850,
  BylineSnapshots1796168048728,
  ImageUsesAvatars1796169642813,
  LegacyPaths1796169894458,
  CreateWordpressImports1796169894459,
  TriggerFunctionsFile1796186537173,
  CreateSiteSettings1796187644342,
  ArticleListSearchIndexes1796188191033,
  WordpressImportInvite1796229163097,
  ReadModelCardText1796230032003,
  ArticleListWordSearch1796230684474,
  ArticleSocialOverrides1796230946023,
  CompactCardImages1796231150579,
  WebhookSlugChangeEvent1796231273555,
  PublishedTags1796232875259,
  Lz4ReadModelColumns1796349190917,
  AsciiCardText1796411458473,
];
