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
import { RelatedStoriesModule } from '#libs/related-stories';
import { DonationBannersModule } from '#libs/donation-banners';
import { PublicationModule } from '#libs/publication';
import { ArticlesModule } from '#libs/articles';
import { EditorialWorkflowModule } from '#libs/editorial-workflow';
import { PublishedArticleBannerContext } from './content/articles/banner-context.source.js';
import { WebhooksModule } from '#libs/webhooks';
import { NotificationsModule } from '#libs/notifications';
import { AppNotificationDirectory } from './notifications/notification-directory.source.js';
import { Clock, SystemClock } from '#libs/kernel';
import { AdminSurfaceModule } from './admin/admin-surface.module.js';
import { ContentSurfaceModule } from './content/content-surface.module.js';
import { OpsModule } from './ops/ops.module.js';
import { WorkerModule } from '../../worker/src/worker.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  dataSource: DataSource;
  databaseUrl: string;
  clock?: Clock;
  /** Include the worker's job handlers (the api with JOBS_IN_PROCESS, or apps/worker). */
  worker: boolean;
  /** Mount HTTP surfaces (false for apps/worker). */
  http: boolean;
}

@Global()
@Module({})
class CoreModule {
  static forRoot(clock: Clock): DynamicModule {
    return { module: CoreModule, providers: [{ provide: Clock, useValue: clock }, Transactions, ReadReplicas], exports: [Clock, Transactions, ReadReplicas] };
  }
}

@Module({})
export class AppModule {
  static forRoot(o: AppModuleOptions): DynamicModule {
    const surfaces = o.http
      ? [OpsModule, ...(o.config.surfaces.admin ? [AdminSurfaceModule] : []), ...(o.config.surfaces.content ? [ContentSurfaceModule] : [])]
      : [];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(o.config),
        CoreModule.forRoot(o.clock ?? new SystemClock()),
        TypeOrmModule.forRootAsync({
          useFactory: () => o.dataSource.options,
          dataSourceFactory: async () => o.dataSource,
        }),
        JobsModule.forRoot(o.databaseUrl),
        IdentityModule,
        IdentityAdminModule,
        OutboxModule,
        RateLimitModule,
        MailModule,
        NewsletterSignupsModule,
        DonationBannersModule.forRoot({ articleContextSource: PublishedArticleBannerContext, imports: [PublicationModule] }),
        ImageCreditsModule,
        TaxonomyModule,
        ContributorsModule,
        RelatedStoriesModule,
        WebhooksModule,
        // Feature libs that define pg-boss queues must be present in every process, not only
        // through the admin surface: apps/worker mounts no HTTP surface at all.
        ArticlesModule,
        PublicationModule,
        EditorialWorkflowModule,
        NotificationsModule.forRoot({ directory: AppNotificationDirectory, imports: [ArticlesModule, ContributorsModule, IdentityAdminModule, EditorialWorkflowModule] }),
        ...(o.worker ? [WorkerModule] : []),
        ...surfaces,
      ],
    };
  }
}
