import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RATE_LIMIT_ENTITIES } from './rate-limit.entity.js';
import { RateLimiter } from './rate-limiter.js';

@Global()
@Module({ imports: [TypeOrmModule.forFeature(RATE_LIMIT_ENTITIES)], providers: [RateLimiter], exports: [RateLimiter] })
export class RateLimitModule {}
