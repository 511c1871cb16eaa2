// The portal's JavaScript: progressive enhancement only. Every page works without it.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'
import { initLiveFilters } from './live-filters.js'

initAll()
initLiveFilters()
