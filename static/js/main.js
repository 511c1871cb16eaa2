// The portal's JavaScript: progressive enhancement only. Every page works without it.
// The imports end in semicolons: Django's manifest storage rewrites them to hashed names only then.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js';
import { initLiveFilters } from './live-filters.js';

initAll()
initLiveFilters()
