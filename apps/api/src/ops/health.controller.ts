import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthIndicatorFunction, type HealthIndicatorResult } from '@nestjs/terminus';
import { ReadReplicas } from '#libs/database';
import { Public } from '#libs/identity';
import { ApiErrors } from '../http/api-errors.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly replicas: ReadReplicas,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary: 'Liveness and database ping',
    description:
      '200 when the primary database answers within 1.5 s, else 503. With DATABASE_READ_URLS, `replicas` lists each standby with its lag (a standby down does not make the service unhealthy: its reads go to the primary).',
  })
  @ApiErrors({ 503: [] })
  check() {
    const checks: HealthIndicatorFunction[] = [() => this.db.pingCheck('database', { timeout: 1500 })];
    if (this.replicas.configured) checks.push((): HealthIndicatorResult => ({ replicas: { status: 'up', ...this.replicas.status() } }));
    return this.health.check(checks);
  }
}
