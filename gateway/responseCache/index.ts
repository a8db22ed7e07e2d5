export { cacheableRequest, type CachedResponse, createResponseCache, type ResponseCache, type ResponseCacheOptions } from './responseCache.js';
export { createResponseCachePlugin } from './responseCachePlugin.js';
