import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ApiErrors, errorDescription } from './api-errors.js';
import { ErrorResponse } from './error-body.js';

// @nestjs/swagger does not export its metadata keys: this is its DECORATORS.API_RESPONSE
const API_RESPONSE = 'swagger/apiResponse';
type Responses = Record<string, { type?: unknown; description?: string }>;

describe('ApiErrors', () => {
  it('documents each status with the error envelope and its codes', () => {
    class Probe {
      @ApiErrors({
        404: ['ARTICLE_NOT_FOUND'],
        409: ['ARTICLE_NOT_EDITABLE', 'ARTICLE_EMBARGO_FROZEN'],
        423: { codes: ['ARTICLE_LOCKED'], note: 'meta.lock: holder and since' },
        428: [],
      })
      handler(): void {}
    }
    const responses = Reflect.getMetadata(API_RESPONSE, Probe.prototype.handler) as Responses;
    expect(Object.keys(responses).sort()).toEqual(['404', '409', '423', '428']);
    for (const r of Object.values(responses)) expect(r.type).toBe(ErrorResponse);
    expect(responses['404']?.description).toBe('ARTICLE_NOT_FOUND');
    expect(responses['409']?.description).toBe('ARTICLE_NOT_EDITABLE, ARTICLE_EMBARGO_FROZEN');
    expect(responses['423']?.description).toBe('ARTICLE_LOCKED — meta.lock: holder and since');
    expect(responses['428']?.description).toBe('');
  });

  it('applies to every route when put on the controller', () => {
    @ApiErrors({ 401: [], 403: [] })
    class Probe {}
    expect(Object.keys(Reflect.getMetadata(API_RESPONSE, Probe) as Responses).sort()).toEqual(['401', '403']);
  });

  it('refuses prose where a code belongs', () => {
    expect(() => errorDescription(['ARTICLE_NOT_FOUND (not live)'])).toThrow(/not an error code/);
    expect(errorDescription({ codes: [], note: 'Admins only.' })).toBe('Admins only.');
  });
});
