export * from './image.entity.js';
export * from './image.rules.js';
export * from './image.errors.js';
export * from './image-storage.js';
export * from './renditions.rules.js';
export { ImageRenditions, type OpenedRendition } from './image-renditions.js';
export { probeImage, tooLarge, type ProbedImage } from './image-probe.js';
export * from './image-credits.events.js';
export type { UsageRef } from './images.repository.js';
// The admin lifecycle (apps/api's image routes, the seed, the WordPress importer's create path):
// upload, register, edit, credit, licence, delete, where-used, licence report.
export * from './images.service.js';
// What other libs use: check a referenced image, the top-image gate, record uses, render uses.
export { ImageUses, type BodyImageView, type ImageUsage, type ImageUseInput, type ImageUseView, type PublicUsesProbe, type TopImageView } from './image-uses.service.js';
export * from './credit-parties.service.js';
export { LicenseSweep, LICENSE_SWEEP_QUEUE } from './license-sweep.js';
export * from './image-credits.module.js';
