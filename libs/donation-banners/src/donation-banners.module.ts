import { Global, Module, type DynamicModule, type ModuleMetadata, type OnModuleInit, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '#libs/identity';
import { Jobs } from '#libs/jobs';
import { ArticleAppealsService } from './article-appeals.service.js';
import { BannerArticleContextSource, BannerBylineSource, InMemoryBannerArticleContextSource } from './article-context.js';
import { BannerChoiceService } from './banner-choice.service.js';
import { BannerEventsService } from './banner-events.service.js';
import { CampaignSnapshot } from './campaign-snapshot.js';
import { DONATION_BANNER_ENTITIES } from './donation-banners.entity.js';
import { DonationBannersRepository } from './donation-banners.repository.js';
import { DonationCampaignsService, END_DUE_QUEUE } from './donation-campaigns.service.js';

export interface DonationBannersOptions {
  /**
   * The real article context (the published-article read model). Without it the
   * InMemoryBannerArticleContextSource fallback is bound, which knows no article until told.
   */
  articleContextSource?: Type<BannerArticleContextSource>;
  /** Who the articles credit (the report's attribution to contributors). */
  bylineSource: Type<BannerBylineSource>;
  /** Modules the source's own dependencies come from. */
  imports?: ModuleMetadata['imports'];
}

/** Donation banners: campaigns, variants, targeting, choice, events and reports. Global: register once. */
@Global()
@Module({})
export class DonationBannersModule implements OnModuleInit {
  constructor(
    private readonly jobs: Jobs,
    private readonly campaigns: DonationCampaignsService,
  ) {}

  static forRoot(options: DonationBannersOptions): DynamicModule {
    return {
      module: DonationBannersModule,
      imports: [TypeOrmModule.forFeature(DONATION_BANNER_ENTITIES), IdentityModule, ...(options.imports ?? [])],
      providers: [
        DonationBannersRepository,
        CampaignSnapshot,
        DonationCampaignsService,
        BannerChoiceService,
        BannerEventsService,
        ArticleAppealsService,
        { provide: BannerArticleContextSource, useClass: options.articleContextSource ?? InMemoryBannerArticleContextSource },
        { provide: BannerBylineSource, useClass: options.bylineSource },
      ],
      exports: [DonationCampaignsService, BannerChoiceService, BannerEventsService, ArticleAppealsService, BannerArticleContextSource],
    };
  }

  onModuleInit(): void {
    this.jobs.define<{ campaignId: string }>({
      name: END_DUE_QUEUE,
      handle: async (job) => {
        await this.campaigns.endDue(job.data.campaignId);
      },
    });
  }
}
