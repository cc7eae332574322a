import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DATABASE_URL_TOKEN, Jobs } from './jobs.service.js';

@Global()
@Module({})
export class JobsModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      providers: [{ provide: DATABASE_URL_TOKEN, useValue: databaseUrl }, Jobs],
      exports: [Jobs, DATABASE_URL_TOKEN],
    };
  }
}
