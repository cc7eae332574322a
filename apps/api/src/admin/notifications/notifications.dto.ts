import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, Equals, IsArray, IsBoolean, IsDefined, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DELIVERIES, NOTIFICATION_KINDS, type Delivery, type NotificationPreferences, type NotificationView } from '#libs/notifications';
import { IsOmittable } from '../../http/validators.js';
import { PageQuery } from '../../http/page-query.js';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export class InboxQueryDto extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'true: unread ones only.' })
  @IsOmittable()
  @Transform(toBool)
  @IsBoolean()
  unread?: boolean;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The piece it is about, if any.' }) articleId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ description: 'Where in the desk it leads (a path under /desk).', example: '/desk/articles/0b6f4c1e-2d3a-4c5b-8e9f-001122334455' }) link: string;
  @ApiProperty({ enum: ['inbox', 'mail', 'digest'], description: 'How it was delivered besides the inbox.' }) delivery: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) readAt: string | null;

  static from(n: NotificationView): NotificationResponse {
    return {
      id: n.id,
      kind: n.kind,
      articleId: n.articleId,
      title: n.title,
      body: n.body,
      link: n.link,
      delivery: n.delivery,
      createdAt: n.createdAt.toISOString(),
      readAt: iso(n.readAt),
    };
  }
}

export class NotificationPageResponse {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty({ description: 'Unread notifications of the caller (all pages).' }) unreadCount: number;
}

export class UnreadCountResponse {
  @ApiProperty() unread: number;
}

export class MarkedReadResponse {
  @ApiProperty({ description: 'How many were unread and are read now.' }) marked: number;
}

export class KindPreferenceDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  @IsString()
  @MaxLength(40)
  kind: string;

  @ApiProperty({ enum: DELIVERIES, description: '`inbox`: inbox only; `mail`: inbox and a mail at once; `digest`: inbox and the daily digest mail; `off`: nothing.' })
  @IsIn(DELIVERIES)
  delivery: Delivery;
}

export class UpdatePreferencesRequest {
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Europe/Berlin', description: 'IANA zone of the daily digest; null: the default (NOTIFY_DEFAULT_TIME_ZONE).' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string | null;

  @ApiPropertyOptional({ type: [KindPreferenceDto], description: 'Kinds to set; kinds left out keep their setting.' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => KindPreferenceDto)
  kinds?: KindPreferenceDto[];
}

export class KindPreferenceResponse {
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: string;
  @ApiProperty({ enum: DELIVERIES }) delivery: string;
  @ApiProperty({ description: 'True while the account has not chosen: the role’s default applies.' }) isDefault: boolean;
}

export class PreferencesResponse {
  @ApiProperty({ nullable: true, type: String }) timeZone: string | null;
  @ApiProperty({ description: 'The zone the digest uses.' }) effectiveTimeZone: string;
  @ApiProperty({ type: [KindPreferenceResponse] }) kinds: KindPreferenceResponse[];

  static from(p: NotificationPreferences): PreferencesResponse {
    return { timeZone: p.timeZone, effectiveTimeZone: p.effectiveTimeZone, kinds: p.kinds.map((k) => ({ kind: k.kind, delivery: k.delivery, isDefault: k.isDefault })) };
  }
}

export class NotificationOneClickQuery {
  @ApiProperty({ description: 'The token from the List-Unsubscribe URL.' })
  @IsString()
  @Length(40, 200)
  @Matches(/^[0-9a-z_.-]+$/i, { message: 'token is not a token' })
  token: string;
}

/** RFC 8058: the body a mail client POSTs. */
export class NotificationOneClickRequest {
  @ApiProperty({ example: 'One-Click', name: 'List-Unsubscribe' })
  @IsDefined()
  @Equals('One-Click')
  'List-Unsubscribe': string;
}

export class UnsubscribedResponse {
  @ApiProperty({ description: 'The kind turned off, or `digest`.' }) kind: string;
  @ApiProperty({ type: [String], description: 'Kinds whose setting changed.' }) changed: string[];
}
