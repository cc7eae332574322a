import { Inject, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ArticlesModule } from '#libs/articles';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { ImageCreditsModule } from '#libs/image-credits';
import { PublicationModule } from '#libs/publication';
import { CreditPartiesController } from './credit-parties.controller.js';
import { ImagesController } from './images.controller.js';
import { registerMultipart } from './image-upload.js';

/** /v1/admin/images and /v1/admin/credit-parties; brings multipart/form-data parsing with it. */
@Module({ imports: [ImageCreditsModule, PublicationModule, ArticlesModule], controllers: [ImagesController, CreditPartiesController] })
export class ImagesAdminModule {
  constructor(adapterHost: HttpAdapterHost, @Inject(APP_CONFIG) config: AppConfig) {
    // registered while the app is built, before Fastify boots its plugins
    registerMultipart(adapterHost.httpAdapter.getInstance<FastifyInstance>(), config.images.maxBytes);
  }
}
