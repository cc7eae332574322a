import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_POLICY, type AccessPolicy } from '#libs/identity';

export interface RouteInfo {
  method: string;
  /** OpenAPI style: /v1/admin/api-keys/{id} */
  path: string;
  policy: AccessPolicy | undefined;
}

const VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];

/** Every controller route of the running app, with the access policy it declares (if any). */
export function collectRoutes(app: NestFastifyApplication): RouteInfo[] {
  const container = (app as unknown as { container: { getModules(): Map<string, { controllers: Map<unknown, { metatype: new () => object }> }> } }).container;
  const out: RouteInfo[] = [];
  const seen = new Set<unknown>();
  for (const mod of container.getModules().values()) {
    for (const { metatype } of mod.controllers.values()) {
      if (seen.has(metatype)) continue;
      seen.add(metatype);
      const base = (Reflect.getMetadata('path', metatype) as string | undefined) ?? '';
      const proto = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata('path', handler) as string | undefined;
        const method = Reflect.getMetadata('method', handler) as number | undefined;
        if (path === undefined || method === undefined) continue;
        const full = `/${[base, path]
          .map((s) => s.replace(/^\/|\/$/g, ''))
          .filter(Boolean)
          .join('/')}`
          .replace(/:(\w+)/g, '{$1}')
          .replace(/\/\*$/, '/{path}'); // a wildcard is {path} in OpenAPI
        const policy = (Reflect.getMetadata(ACCESS_POLICY, handler) ?? Reflect.getMetadata(ACCESS_POLICY, metatype)) as AccessPolicy | undefined;
        out.push({ method: VERBS[method]!, path: full, policy });
      }
    }
  }
  return out;
}
