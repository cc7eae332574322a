import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ActionCtx, ApiKeysService, RequirePermission, type ActionContext, type ApiKeyEntity } from '#libs/identity';
import { ApiErrors } from '../http/api-errors.js';
import { UuidPipe } from '../http/uuid.pipe.js';

export class CreateApiKeyRequest {
  @ApiProperty({ example: 'www front-end' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;
}

export class ApiKeyResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'First characters of the key, to tell keys apart.' }) keyPrefix: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;

  static from(k: ApiKeyEntity): ApiKeyResponse {
    return { id: k.id, name: k.name, keyPrefix: k.keyPrefix, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null };
  }
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ description: 'The key itself. Shown only in this response; store it now.' }) key: string;
}

@ApiTags('admin: api keys')
@Controller('v1/admin/api-keys')
@ApiErrors({ 401: [], 403: [] })
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @RequirePermission('api_keys.manage')
  @ApiOperation({ summary: 'Create a content API key (the secret is shown once)' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  async create(@Body() body: CreateApiKeyRequest, @ActionCtx() ctx: ActionContext): Promise<CreatedApiKeyResponse> {
    const { key, secret } = await this.keys.create(body.name, ctx);
    return { ...ApiKeyResponse.from(key), key: secret };
  }

  @Get()
  @RequirePermission('api_keys.manage')
  @ApiOperation({ summary: 'List content API keys (never their secrets)' })
  @ApiOkResponse({ type: [ApiKeyResponse] })
  async list(): Promise<ApiKeyResponse[]> {
    return (await this.keys.list()).map((k) => ApiKeyResponse.from(k));
  }

  @Delete(':id')
  @RequirePermission('api_keys.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a content API key (kept for the record, refused from now on)' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiErrors({ 404: [] })
  async revoke(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<ApiKeyResponse> {
    return ApiKeyResponse.from(await this.keys.revoke(id, ctx));
  }
}
