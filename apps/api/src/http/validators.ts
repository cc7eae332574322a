import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but when present it must pass its validators: unlike
 * `@IsOptional()`, an explicit `null` is validated (and refused by `@IsString()` and the like),
 * so a service never receives null where its type says "absent or a value". Fields that may be
 * cleared with null keep `@IsOptional()` and say `| null` in their type.
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object: unknown, value: unknown) => value !== undefined);
