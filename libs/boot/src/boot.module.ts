import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConfigModule, type AppConfig } from '#libs/config';
import { ReadReplicas, Transactions } from '#libs/database';
import { IdentityAdminModule, IdentityModule } from '#libs/identity';
import { JobsModule } from '#libs/jobs';
import { OutboxModule } from '#libs/outbox';
import { RateLimitModule } from '#libs/rate-limit';
import { MailModule } from '#libs/mail';
import { NewsletterSignupsModule } from '#libs/newsletter-signups';
import { ImageCreditsModule } from '#libs/image-credits';
import { TaxonomyModule } from '#libs/taxonomy';
import { ContributorsModule } from '#libs/contributors';
import { SiteSettingsModule } from '#libs/site-settings';
import { RelatedStoriesModule } from '#libs/related-stories';
import { DonationBannersModule } from '#libs/donation-banners';
import { PublicationModule } from '#libs/publication';
import { ArticlesModule } from '#libs/articles';
import { EditorialWorkflowModule } from '#libs/editorial-workflow';
import { WordpressImportModule } from '#libs/wordpress-import';
import { WebhooksModule } from '#libs/webhooks';
import { NotificationsModule } from '#libs/notifications';
import { Clock, SystemClock } from '#libs/kernel';
import { ArticleBylinesForBanners } from './banner-bylines.source.js';
import { PublishedArticleBannerContext } from './banner-context.source.js';
import { AppNotificationDirectory } from './notification-directory.source.js';
import { PortsModule } from './ports.module.js';

export interface BootOptions {
  config: AppConfig;
  dataSource: DataSource;
  databaseUrl: string;
  clock?: Clock;
}

@Global()
@Module({})
class CoreModule {
  static forRoot(clock: Clock): DynamicModule {
    return { module: CoreModule, providers: [{ provide: Clock, useValue: clock }, Transactions, ReadReplicas], exports: [Clock, Transactions, ReadReplicas] };
  }
}

/**
 * Every feature lib, wired to one DataSource and pg-boss, with the ports the libs declare bound
 * here: what apps/api mounts its HTTP surfaces on, and what apps/worker (and the seed, the bench)
 * run alone. Whether a process runs job handlers is decided when it starts them
 * (`startBackground`), not by which modules it has: every process enqueues.
 */
@Module({})
export class BootModule {
  static forRoot(o: BootOptions): DynamicModule {
    return {
      module: BootModule,
      imports: [
        ConfigModule.forRoot(o.config),
        CoreModule.forRoot(o.clock ?? new SystemClock()),
        TypeOrmModule.forRootAsync({
          useFactory: () => o.dataSource.options,
          dataSourceFactory: async () => o.dataSource,
        }),
        JobsModule.forRoot(o.databaseUrl),
        PortsModule,
        IdentityModule,
        IdentityAdminModule,
        OutboxModule,
        RateLimitModule,
        MailModule,
        NewsletterSignupsModule,
        DonationBannersModule.forRoot({
          articleContextSource: PublishedArticleBannerContext,
          bylineSource: ArticleBylinesForBanners,
          imports: [PublicationModule, ArticlesModule, ContributorsModule],
        }),
        ImageCreditsModule,
        TaxonomyModule,
        ContributorsModule,
        SiteSettingsModule,
        RelatedStoriesModule,
        WebhooksModule,
        // Feature libs that define pg-boss queues must be present in every process, not only
        // through the admin surface: apps/worker mounts no HTTP surface at all.
        ArticlesModule,
        PublicationModule,
        EditorialWorkflowModule,
        NotificationsModule.forRoot({ directory: AppNotificationDirectory, imports: [ArticlesModule, ContributorsModule, IdentityAdminModule, EditorialWorkflowModule] }),
        WordpressImportModule,
      ],
    };
  }
}
