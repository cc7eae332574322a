import type { INestApplicationContext } from '@nestjs/common';
import type { Logger as Pino } from 'pino';
import type { AppConfig } from '#libs/config';
import { AccountsService, ApiKeysService } from '#libs/identity';
import { randomToken } from '#libs/kernel';
import type { Database } from '../runtime.js';

export interface SeedResult {
  adminEmail: string;
  adminPassword: string;
  apiKey: string;
}

export const DEMO_ADMIN_EMAIL = 'admin@newsroom.example';

/** Loads the demo world into an empty database. Returns the credentials it created. */
export async function seedDemo(app: INestApplicationContext): Promise<SeedResult> {
  const accounts = app.get(AccountsService);
  const adminPassword = randomToken(12);
  const admin = await accounts.create({ email: DEMO_ADMIN_EMAIL, displayName: 'Demo Admin', role: 'admin', password: adminPassword });
  await accounts.create({ email: 'editor@newsroom.example', displayName: 'Demo Editor', role: 'editor', password: adminPassword });
  await accounts.create({ email: 'writer@newsroom.example', displayName: 'Demo Writer', role: 'contributor', password: adminPassword });
  const { secret } = await app.get(ApiKeysService).create('demo front-end', null, admin.id);
  return { adminEmail: admin.email, adminPassword, apiKey: secret };
}

export function printCredentials(r: SeedResult, baseUrl: string): void {
  const lines = [
    '',
    '================ demo content loaded ================',
    `  admin login : ${r.adminEmail}`,
    `  password    : ${r.adminPassword}`,
    `  (editor@newsroom.example and writer@newsroom.example share this password)`,
    `  content key : ${r.apiKey}`,
    `  try         : curl -H 'X-Api-Key: ${r.apiKey}' ${baseUrl}/v1/content/status`,
    '  These are shown once; they are not stored in clear anywhere.',
    '=====================================================',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** SEED_DEMO=auto seeds the embedded database on its first start; `always` any empty database. */
export async function seedIfWanted(app: INestApplicationContext, config: AppConfig, db: Database, log: Pino): Promise<void> {
  if (config.seedDemo === 'never') return;
  if (config.seedDemo === 'auto' && !db.embedded) return;
  if ((await app.get(AccountsService).count()) > 0) return;
  log.info('empty database: loading demo content');
  printCredentials(await seedDemo(app), config.publicBaseUrl);
}
