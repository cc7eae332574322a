import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, Equals, IsArray, IsDefined, IsObject, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MAX_LISTS_PER_SIGNUP, type ListRef, type NewsletterOffer } from '#libs/newsletter-signups';
import { IsOmittable } from '../../http/validators.js';

const TOKEN = /^[A-Za-z0-9_-]+$/;

export class SignupSourceRequest {
  @ApiPropertyOptional({ example: '/europe/2026/macron-merz-tusk-coalition', description: 'Page the box was on (path or URL).' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  page?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Article the box was shown with.' })
  @IsOmittable()
  @IsUUID()
  articleId?: string;

  @ApiPropertyOptional({ example: 'after-body', description: 'Where on the page the box sat (lower-case, hyphens).' })
  @IsOmittable()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'placement must be lower-case letters, digits, - or _ (at most 64)' })
  placement?: string;
}

export class CreateSubscriptionRequest {
  @ApiProperty({ example: 'reader@example.org' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Newsletter lists to subscribe to.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LISTS_PER_SIGNUP)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  lists: string[];

  @ApiProperty({ format: 'uuid', description: 'The consent text version shown to the reader.' })
  @IsUUID()
  consentTextId: string;

  @ApiPropertyOptional({ type: SignupSourceRequest })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => SignupSourceRequest)
  source?: SignupSourceRequest;

  @ApiPropertyOptional({ description: 'Honeypot: render hidden and leave empty. Filled, the request is answered as usual and dropped.' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  website?: string;
}

export class SignupAcceptedResponse {
  @ApiProperty({ example: 'accepted' }) status: 'accepted';
  @ApiProperty({ example: 'If this address can receive mail, a confirmation link is on its way.' }) message: string;
}

export class ConfirmRequest {
  @ApiProperty({ description: 'The token from the confirmation link.' })
  @IsString()
  @Length(16, 128)
  @Matches(TOKEN, { message: 'token is not a token' })
  token: string;
}

export class UnsubscribeRequest {
  @ApiProperty({ description: 'The token from an unsubscribe link.' })
  @IsString()
  @Length(16, 128)
  @Matches(TOKEN, { message: 'token is not a token' })
  token: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Leave one list; omitted: all lists.' })
  @IsOmittable()
  @IsUUID()
  list?: string;
}

export class OneClickQuery {
  @ApiProperty()
  @IsString()
  @Length(16, 128)
  @Matches(TOKEN, { message: 'token is not a token' })
  token: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  list?: string;
}

/** RFC 8058: the body a mail client posts. */
export class OneClickRequest {
  @ApiProperty({ example: 'One-Click', name: 'List-Unsubscribe' })
  @IsDefined()
  @Equals('One-Click')
  'List-Unsubscribe': string;
}

export class NewsletterListRefResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;

  static from(l: ListRef): NewsletterListRefResponse {
    return { id: l.id, name: l.name };
  }
}

export class ConfirmResponse {
  @ApiProperty({ type: [NewsletterListRefResponse], description: 'Lists this link confirmed (empty if already confirmed or since left).' })
  confirmed: NewsletterListRefResponse[];
}

export class UnsubscribeResponse {
  @ApiProperty({ type: [NewsletterListRefResponse], description: 'Lists left by this request (empty when there was nothing to leave).' })
  unsubscribed: NewsletterListRefResponse[];
}

export class NewsletterListPublicResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'weekly-round-up' }) slug: string;
  @ApiProperty({ example: 'Weekly round-up' }) name: string;
  @ApiProperty() description: string;
}

export class ConsentTextPublicResponse {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
  @ApiProperty() text: string;
}

export class NewsletterOfferResponse {
  @ApiProperty({ type: [NewsletterListPublicResponse] }) lists: NewsletterListPublicResponse[];
  @ApiProperty({ type: ConsentTextPublicResponse, nullable: true, description: 'The current consent text: show it, send its id.' })
  consentText: ConsentTextPublicResponse | null;

  static from(o: NewsletterOffer): NewsletterOfferResponse {
    return {
      lists: o.lists.map((l) => ({ id: l.id, slug: l.slug, name: l.name, description: l.description })),
      consentText: o.consentText ? { id: o.consentText.id, version: o.consentText.version, text: o.consentText.text } : null,
    };
  }
}
