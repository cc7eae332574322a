import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { IdentityModule } from '#libs/identity';
import { CreditPartiesService } from './credit-parties.service.js';
import { ImageChanges } from './image-changes.js';
import { ImageRenditions } from './image-renditions.js';
import { IMAGE_ENTITIES } from './image.entity.js';
import { ImageStorage, LocalDiskImageStorage } from './image-storage.js';
import { ImagesRepository } from './images.repository.js';
import { ImagesService } from './images.service.js';
import { ImageUses } from './image-uses.service.js';
import { LicenseSweep } from './license-sweep.js';

@Module({
  imports: [TypeOrmModule.forFeature(IMAGE_ENTITIES), IdentityModule],
  providers: [
    ImagesRepository,
    ImageChanges,
    ImagesService,
    ImageUses,
    ImageRenditions,
    CreditPartiesService,
    LicenseSweep,
    { provide: ImageStorage, useFactory: (config: AppConfig) => new LocalDiskImageStorage(config.images.storageDir), inject: [APP_CONFIG] },
  ],
  exports: [ImagesService, ImageUses, ImageRenditions, CreditPartiesService, LicenseSweep, ImageStorage],
})
export class ImageCreditsModule implements OnModuleInit {
  constructor(@Inject(ImageStorage) private readonly storage: ImageStorage) {}

  async onModuleInit(): Promise<void> {
    if (this.storage instanceof LocalDiskImageStorage) await this.storage.sweepTemp().catch(() => undefined);
  }
}
