import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ContentApi, CurrentApiClient, type ApiClient } from '#libs/identity';
import { ApiErrors } from '../http/api-errors.js';

export class ContentStatusResponse {
  @ApiProperty({ example: 'www front-end' }) client: string;
  @ApiProperty({ example: 'v1' }) apiVersion: string;
}

@ApiTags('content')
@Controller('v1/content')
export class ContentStatusController {
  @Get('status')
  @ContentApi()
  @ApiOperation({ summary: 'Check a content API key', description: 'Answers with the name of the key used.' })
  @ApiOkResponse({ type: ContentStatusResponse })
  @ApiErrors({ 401: ['API_KEY_MISSING', 'API_KEY_INVALID'] })
  status(@CurrentApiClient() client: ApiClient): ContentStatusResponse {
    return { client: client.name, apiVersion: 'v1' };
  }
}
