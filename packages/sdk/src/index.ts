export { ContentClient, createContentClient, type ContentClientOptions, type Paged } from './client.js';
export { ContentApiError, ContentNetworkError, type ContentErrorCode, type ErrorDetail } from './errors.js';
export { candidates, escapeHtml, pick, picture, pictureHtml, srcset, type ImageLike, type RenditionLike } from './images.js';
export type * from './types.js';
