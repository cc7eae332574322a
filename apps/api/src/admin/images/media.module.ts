import { Module } from '@nestjs/common';
import { ImageCreditsModule } from '#libs/image-credits';
import { MediaController } from './media.controller.js';

/** Public `/media/images/*` file serving; imported by both surfaces (Nest mounts it once). */
@Module({ imports: [ImageCreditsModule], controllers: [MediaController] })
export class MediaModule {}
