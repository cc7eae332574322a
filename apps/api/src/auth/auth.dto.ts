import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { PERMISSIONS, type Permission, type TokenPair } from '#libs/identity';

export class LoginRequest {
  @ApiProperty({ example: 'admin@example.org' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}

export class RefreshRequest {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh (single use).' })
  @IsString()
  @MinLength(10)
  @MaxLength(512)
  refreshToken: string;
}

export class TokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty() accessTokenExpiresAt: string;
  @ApiProperty({ description: 'Single use: each refresh returns a new one.' }) refreshToken: string;
  @ApiProperty() refreshTokenExpiresAt: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';

  static from(p: TokenPair): TokenResponse {
    return {
      accessToken: p.accessToken,
      accessTokenExpiresAt: p.accessTokenExpiresAt.toISOString(),
      refreshToken: p.refreshToken,
      refreshTokenExpiresAt: p.refreshTokenExpiresAt.toISOString(),
      tokenType: p.tokenType,
    };
  }
}

export class MeResponse {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['admin', 'editor', 'contributor'] }) role: string;
  @ApiProperty({
    enum: PERMISSIONS,
    isArray: true,
    description: 'What this role may do (the permissions routes require): a client offers only what is here.',
  })
  permissions: Permission[];
}
