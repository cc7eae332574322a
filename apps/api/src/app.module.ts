import { Module, type DynamicModule } from '@nestjs/common';
import { BootModule, type BootOptions } from '#libs/boot';
import { AdminSurfaceModule } from './admin/admin-surface.module.js';
import { ContentSurfaceModule } from './content/content-surface.module.js';
import { OpsModule } from './ops/ops.module.js';

/** Every feature lib (libs/boot) and the HTTP surfaces this instance mounts (`API_SURFACES`). */
@Module({})
export class AppModule {
  static forRoot(o: BootOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [BootModule.forRoot(o), OpsModule, ...(o.config.surfaces.admin ? [AdminSurfaceModule] : []), ...(o.config.surfaces.content ? [ContentSurfaceModule] : [])],
    };
  }
}
