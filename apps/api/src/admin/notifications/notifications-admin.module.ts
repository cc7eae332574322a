import { Module } from '@nestjs/common';
import { IdentityModule } from '#libs/identity';
import { NotificationsController } from './notifications.controller.js';

/** /v1/admin/notifications (NotificationsModule itself is registered once, by AppModule). */
@Module({ imports: [IdentityModule], controllers: [NotificationsController] })
export class NotificationsAdminModule {}
