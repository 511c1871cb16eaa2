"""Static files with hashed names, compressed, whose JavaScript module imports point at hashed names.

whitenoise's CompressedManifestStaticFilesStorage gives every file a name with its content's hash (so
whitenoise can send it with a ten-year max-age, ``immutable``) and gzip and Brotli copies. Django's
manifest storage rewrites ``import … from './x.js'`` in JavaScript modules only when asked
(``support_js_module_import_aggregation``, off by default): without it main.js would import
nhsuk-frontend.min.js and live-filters.js by their plain names, served with a short max-age and stale
for a minute after each deploy.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
