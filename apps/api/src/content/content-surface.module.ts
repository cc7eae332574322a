import { Module } from '@nestjs/common';
import { IdentityModule } from '#libs/identity';
import { ContentStatusController } from './status.controller.js';

/** The content surface: /v1/content/* and feeds, for site front-ends holding an API key. */
@Module({ imports: [IdentityModule], controllers: [ContentStatusController] })
export class ContentSurfaceModule {}
