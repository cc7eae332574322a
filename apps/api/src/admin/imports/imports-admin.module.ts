import { Module } from '@nestjs/common';
import { WordpressImportModule } from '#libs/wordpress-import';
import { ImportsController } from './imports.controller.js';

/** /v1/admin/imports (multipart parsing comes with the images module, registered on the same app). */
@Module({ imports: [WordpressImportModule], controllers: [ImportsController] })
export class ImportsAdminModule {}
