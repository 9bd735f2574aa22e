export { OpenAICompatibleModel, type EndpointStats } from './openai-compatible-model.js'
export { DEFAULTS as OPENAI_DEFAULTS, PLACEHOLDER_API_KEY, type OpenAICompatibleOptions } from './options.js'
export { ModelBudget, type BudgetLimits, type BudgetUsage } from '../budget.js'
export { cacheKey, ResponseCache, type CacheKeyFields, type CachedCompletion } from './response-cache.js'
