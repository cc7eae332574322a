import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#libs/identity';
import { IsOmittable } from '../http/validators.js';

export class AcceptInviteRequest {
  @ApiProperty({ description: 'The token from the invitation link.' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token: string;

  @ApiProperty({ description: `At least ${PASSWORD_MIN_LENGTH} characters.`, example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiPropertyOptional({ description: 'Replaces the name the admin entered.' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;
}

export class PasswordResetRequest {
  @ApiProperty({ example: 'ada@example.org' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email: string;
}

export class PasswordResetConfirmRequest {
  @ApiProperty({ description: 'The token from the reset link.' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token: string;

  @ApiProperty({ description: `At least ${PASSWORD_MIN_LENGTH} characters.` })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class PasswordResetAcceptedResponse {
  @ApiProperty({ example: 'If an active account uses this address, a reset link is on its way.' }) message: string;
}
