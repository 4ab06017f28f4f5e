// Public API of the model catalog.
export { models, findModel, apiRef, validateModel, MODELS_FILE, API_PROVIDERS, API_REF, type ApiProvider } from './catalog.js';
