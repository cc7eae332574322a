export { ContentClient, createContentClient, type ContentClientOptions, type Paged } from './client.js';
export { ContentApiError, ContentNetworkError, type ContentErrorCode, type ErrorDetail } from './errors.js';
export { candidates, crop, escapeHtml, pick, picture, pictureHtml, renditionsOf, srcset, type CropLike, type ImageLike, type RenditionLike, type SrcsetLike } from './images.js';
export type * from './types.js';
export type * from './webhooks.js';
