import { Global, Module, type DynamicModule, type ModuleMetadata, type OnModuleInit, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxRelay } from '#libs/outbox';
import { NotificationDigests } from './notification-digests.js';
import { NotificationDirectory } from './notification-directory.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { NOTIFICATION_ENTITIES } from './notification.entities.js';
import { NotificationHandlers } from './notification.handlers.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

export interface NotificationsOptions {
  /** The app's binding of the directory port (accounts, pieces, SLA). */
  directory: Type<NotificationDirectory>;
  /** Modules the binding's own dependencies come from. */
  imports?: ModuleMetadata['imports'];
}

/** Notifications: inbox, preferences, mail and digests. Global: register once (AppModule). */
@Global()
@Module({})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly handlers: NotificationHandlers,
  ) {}

  static forRoot(options: NotificationsOptions): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [TypeOrmModule.forFeature(NOTIFICATION_ENTITIES), ...(options.imports ?? [])],
      providers: [
        NotificationsRepository,
        NotificationsService,
        NotificationDispatcher,
        NotificationDigests,
        NotificationHandlers,
        { provide: NotificationDirectory, useClass: options.directory },
      ],
      exports: [NotificationsService, NotificationDispatcher, NotificationDigests, NotificationDirectory],
    };
  }

  onModuleInit(): void {
    for (const h of this.handlers.all()) this.relay.register(h);
  }
}
