import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkflowService } from '#libs/editorial-workflow';
import { RequirePermission } from '#libs/identity';
import { ApiErrors } from '../../http/api-errors.js';
import { OverdueQuery, OverdueResponse } from './articles.dto.js';

@ApiTags('admin: articles')
@Controller('v1/admin/workflow')
@ApiErrors({ 401: [], 403: [] })
export class WorkflowController {
  constructor(private readonly workflow: WorkflowService) {}

  @Get('overdue')
  @RequirePermission('articles.review')
  @ApiOperation({ summary: 'Pieces waiting in a state longer than its SLA budget (WORKFLOW_SLA)' })
  @ApiOkResponse({ type: [OverdueResponse] })
  async overdue(@Query() q: OverdueQuery): Promise<OverdueResponse[]> {
    return (await this.workflow.overdue(q.limit)).map((o) => OverdueResponse.from(o));
  }
}
