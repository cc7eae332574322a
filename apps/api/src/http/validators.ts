import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidateIf } from 'class-validator';
import { MAX_YEAR, MIN_YEAR, parseCalendarDay, parseInstant } from '#libs/kernel';

/**
 * The field may be left out, but when present it must pass its validators: unlike
 * `@IsOptional()`, an explicit `null` is validated (and refused by `@IsString()` and the like),
 * so a service never receives null where its type says "absent or a value". Fields that may be
 * cleared with null keep `@IsOptional()` and say `| null` in their type.
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

const INSTANT_MESSAGE = `$property must be an ISO 8601 date (YYYY-MM-DD) or date-time with a zone (e.g. 2026-03-01T09:00:00Z), a real calendar date in the years ${MIN_YEAR}-${MAX_YEAR}`;

/** A string field holding a date or date-time: checked strictly (kernel parseInstant), kept as typed. */
export const IsInstant = (): PropertyDecorator =>
  ValidateBy({ name: 'isInstant', validator: { validate: (v: unknown) => parseInstant(v) !== null, defaultMessage: () => INSTANT_MESSAGE } });

/** A calendar day (`YYYY-MM-DD`) field: a day that exists, in range. */
export const IsCalendarDay = (): PropertyDecorator =>
  ValidateBy({
    name: 'isCalendarDay',
    validator: {
      validate: (v: unknown) => parseCalendarDay(v) !== null,
      defaultMessage: () => `$property must be a real calendar date (YYYY-MM-DD) in the years ${MIN_YEAR}-${MAX_YEAR}`,
    },
  });

const INVALID_DATE = () => new Date(Number.NaN);

/**
 * A Date field: the string is parsed strictly (kernel parseInstant) instead of `new Date()`,
 * which turns 2026-02-30 into 2 March and takes year 275760. null and absence pass through (the
 * field's own IsOptional/ValidateIf decide about them).
 */
export const ToInstant = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) => (value === null || value === undefined ? value : typeof value === 'string' ? (parseInstant(value) ?? INVALID_DATE()) : INVALID_DATE()), {
      toClassOnly: true,
    }),
    ValidateBy({ name: 'isInstant', validator: { validate: (v: unknown) => v instanceof Date && !Number.isNaN(v.getTime()), defaultMessage: () => INSTANT_MESSAGE } }),
  );
